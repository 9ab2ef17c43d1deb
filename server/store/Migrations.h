#pragma once

class Database;

// Applies the versioned SQL files in :/migrations in order, each in its own
// transaction, under an advisory lock so instances starting together do not
// race. Returns how many were applied.
int applyMigrations(Database &db);
