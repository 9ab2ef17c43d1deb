-- The prefix tsquery for what a user typed ("zauber flo" -> 'zauber':* & 'flo':*),
-- as an IMMUTABLE function so the planner folds it and can use the GIN index.
CREATE FUNCTION bo_prefix_tsquery(text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT to_tsquery('simple', string_agg(quote_literal(w) || ':*', ' & '))
          FROM regexp_split_to_table(bo_normalize($1), '[^[:alnum:]]+') AS w WHERE w <> '' $$;

-- The name and performer filters (substring, accent-blind) get trigram
-- indexes of their own; the location filter goes through the small venues table.
CREATE INDEX events_name_trgm_idx ON events USING gin (bo_normalize(name) gin_trgm_ops);
CREATE INDEX events_performer_trgm_idx ON events USING gin (bo_normalize(performer) gin_trgm_ops);
