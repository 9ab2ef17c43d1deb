<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ApiClient</name>
    <message>
        <source>The server at %1 cannot be reached (%2).</source>
        <translation>Der Server %1 ist nicht erreichbar (%2).</translation>
    </message>
    <message>
        <source>The server answered %1.</source>
        <translation>Der Server hat mit %1 geantwortet.</translation>
    </message>
</context>
<context>
    <name>BookingLookup</name>
    <message>
        <source>Please confirm</source>
        <translation>Bitte bestätigen</translation>
    </message>
    <message>
        <source>Cancel &amp;booking</source>
        <translation>Buchung st&amp;ornieren</translation>
    </message>
    <message>
        <source>Cancel &amp;ticked tickets</source>
        <translation>Markierte &amp;Tickets stornieren</translation>
    </message>
    <message>
        <source>&amp;Reprint</source>
        <translation>&amp;Nachdrucken</translation>
    </message>
    <message>
        <source>Booking code (8 characters) or customer name</source>
        <translation>Buchungscode (8 Zeichen) oder Kundenname</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Booking / ticket</source>
        <translation>Buchung / Ticket</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Type a booking code or a customer name.</source>
        <translation>Geben Sie einen Buchungscode oder einen Kundennamen ein.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message numerus="yes">
        <source>Offline: showing bookings this desk has seen (%n found).</source>
        <translation>
            <numerusform>Offline: Angezeigt werden die dieser Kasse bekannten Buchungen (%n gefunden).</numerusform>
            <numerusform>Offline: Angezeigt werden die dieser Kasse bekannten Buchungen (%n gefunden).</numerusform>
        </translation>
    </message>
    <message>
        <source>No booking found for “%1”.</source>
        <translation>Keine Buchung für „%1“ gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>%n booking(s) found.</source>
        <translation>
            <numerusform>%n Buchung gefunden.</numerusform>
            <numerusform>%n Buchungen gefunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline: your bookings as last seen.</source>
        <translation>Offline: Ihre Buchungen, Stand der letzten Verbindung.</translation>
    </message>
    <message>
        <source>%1 · row %2 · seat %3</source>
        <translation>%1 · Reihe %2 · Platz %3</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>Cancelling needs the server, and this desk is offline.</source>
        <translation>Stornieren erfordert den Server, diese Kasse ist aber offline.</translation>
    </message>
    <message>
        <source>Tick the tickets to cancel first.</source>
        <translation>Markieren Sie zuerst die zu stornierenden Tickets.</translation>
    </message>
    <message>
        <source>Cancel booking %1 and refund %2?</source>
        <translation>Buchung %1 stornieren und %2 erstatten?</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird storniert…</translation>
    </message>
    <message>
        <source>Refund %1 to the customer (%2).</source>
        <translation>Erstattung an den Kunden: %1 (%2).</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>bar</translation>
    </message>
    <message>
        <source>back to the card</source>
        <translation>zurück auf die Karte</translation>
    </message>
    <message>
        <source>Saved %1, but printing failed: %2</source>
        <translation>%1 gespeichert, aber der Druck ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Tickets saved to %1.</source>
        <translation>Tickets gespeichert unter %1.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n ticket(s) of booking %1 and refund %2?</source>
        <translation>
            <numerusform>%n Ticket der Buchung %1 stornieren und %2 erstatten?</numerusform>
            <numerusform>%n Tickets der Buchung %1 stornieren und %2 erstatten?</numerusform>
        </translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>bestätigt</translation>
    </message>
    <message>
        <source>partly cancelled</source>
        <translation>teilweise storniert</translation>
    </message>
</context>
<context>
    <name>CatalogEditor</name>
    <message>
        <source>Cancel event</source>
        <translation>Veranstaltung absagen</translation>
    </message>
    <message>
        <source>Boxoffice — catalog</source>
        <translation>Boxoffice — Katalog</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Veranstaltungen</translation>
    </message>
    <message>
        <source>&amp;New event…</source>
        <translation>&amp;Neue Veranstaltung…</translation>
    </message>
    <message>
        <source>&amp;Cancel event…</source>
        <translation>Veranstaltung &amp;absagen…</translation>
    </message>
    <message>
        <source>Price category</source>
        <translation>Preiskategorie</translation>
    </message>
    <message>
        <source>Price (€)</source>
        <translation>Preis (€)</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <source>Sections (new only)</source>
        <translation>Bereiche (nur neue)</translation>
    </message>
    <message>
        <source>Add price category</source>
        <translation>Preiskategorie hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>Änderungen &amp;speichern</translation>
    </message>
    <message>
        <source>Why, e.g. house seat, broken seat</source>
        <translation>Warum, z. B. Hausplatz, defekter Platz</translation>
    </message>
    <message>
        <source>&amp;Block seats</source>
        <translation>Plätze s&amp;perren</translation>
    </message>
    <message>
        <source>&amp;Unblock seats</source>
        <translation>Plätze &amp;freigeben</translation>
    </message>
    <message>
        <source>Customers to tell</source>
        <translation>Zu benachrichtigende Kunden</translation>
    </message>
    <message>
        <source>Copy the list</source>
        <translation>Liste kopieren</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Performer:</source>
        <translation>&amp;Künstler:</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>Kate&amp;gorie:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>&amp;Starts at:</source>
        <translation>&amp;Beginn:</translation>
    </message>
    <message>
        <source>Selected seats:</source>
        <translation>Ausgewählte Plätze:</translation>
    </message>
    <message>
        <source>%1 (cancelled)</source>
        <translation>%1 (abgesagt)</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>Neue Kategorie</translation>
    </message>
    <message>
        <source>The price in row %1 is not an amount like 35.50.</source>
        <translation>Der Preis in Zeile %1 ist kein Betrag wie 35,50.</translation>
    </message>
    <message>
        <source>Nothing has changed.</source>
        <translation>Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Counting the bookings…</source>
        <translation>Buchungen werden gezählt…</translation>
    </message>
    <message numerus="yes">
        <source>Cancel %1? %n booking(s) will be cancelled and refunded, and no seat will be sold any more. This cannot be undone. Why is it cancelled?</source>
        <translation>
            <numerusform>%1 absagen? %n Buchung wird storniert und erstattet, und kein Platz wird mehr verkauft. Das lässt sich nicht rückgängig machen. Warum wird abgesagt?</numerusform>
            <numerusform>%1 absagen? %n Buchungen werden storniert und erstattet, und kein Platz wird mehr verkauft. Das lässt sich nicht rückgängig machen. Warum wird abgesagt?</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling and refunding…</source>
        <translation>Wird abgesagt und erstattet…</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n booking(s) refunded.</source>
        <translation>
            <numerusform>Abgesagt: %n Buchung erstattet.</numerusform>
            <numerusform>Abgesagt: %n Buchungen erstattet.</numerusform>
        </translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n Ticket</numerusform>
            <numerusform>%n Tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>refunded %1</source>
        <translation>%1 erstattet</translation>
    </message>
    <message>
        <source>No bookings: nobody to tell.</source>
        <translation>Keine Buchungen: niemand zu benachrichtigen.</translation>
    </message>
    <message>
        <source>Say why these seats are blocked (house seat, broken seat…).</source>
        <translation>Geben Sie an, warum diese Plätze gesperrt werden (Hausplatz, defekter Platz …).</translation>
    </message>
    <message numerus="yes">
        <source>Blocking %n seat(s)…</source>
        <translation>
            <numerusform>%n Platz wird gesperrt…</numerusform>
            <numerusform>%n Plätze werden gesperrt…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Putting %n seat(s) back on sale…</source>
        <translation>
            <numerusform>%n Platz wird wieder freigegeben…</numerusform>
            <numerusform>%n Plätze werden wieder freigegeben…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) blocked.</source>
        <translation>
            <numerusform>%n Platz gesperrt.</numerusform>
            <numerusform>%n Plätze gesperrt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) back on sale.</source>
        <translation>
            <numerusform>%n Platz wieder im Verkauf.</numerusform>
            <numerusform>%n Plätze wieder im Verkauf.</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the venues…</source>
        <translation>Spielstätten werden geladen…</translation>
    </message>
    <message>
        <source>New event</source>
        <translation>Neue Veranstaltung</translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 (%n seat(s))</source>
        <translation>
            <numerusform>%1, %2 (%n Platz)</numerusform>
            <numerusform>%1, %2 (%n Plätze)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Venue:</source>
        <translation>&amp;Spielstätte:</translation>
    </message>
    <message>
        <source>P&amp;rice of every seat (€):</source>
        <translation>P&amp;reis jedes Platzes (€):</translation>
    </message>
    <message>
        <source>More price categories can be added once it is made.</source>
        <translation>Weitere Preiskategorien lassen sich hinzufügen, sobald sie angelegt ist.</translation>
    </message>
    <message>
        <source>A new event needs a venue, a name and a price.</source>
        <translation>Eine neue Veranstaltung braucht eine Spielstätte, einen Namen und einen Preis.</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Creating the event…</source>
        <translation>Veranstaltung wird angelegt…</translation>
    </message>
    <message>
        <source>Created.</source>
        <translation>Angelegt.</translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>&amp;Close shift</source>
        <translation>Schicht &amp;abschließen</translation>
    </message>
    <message>
        <source>&amp;Print closing…</source>
        <translation>Abschluss &amp;drucken…</translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation>Schicht abschließen</translation>
    </message>
    <message>
        <source>Cash counted in the drawer, e.g. 312,50</source>
        <translation>Gezähltes Bargeld in der Kasse, z. B. 312,50</translation>
    </message>
    <message>
        <source>Note (optional), e.g. why cash is short</source>
        <translation>Notiz (optional), z. B. warum Bargeld fehlt</translation>
    </message>
    <message>
        <source>C&amp;ounted cash</source>
        <translation>&amp;Gezähltes Bargeld</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Notiz</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;, %2, open since %3&lt;br&gt;Float %4 · cash sales %5 · cash refunds %6&lt;br&gt;Card sales %7 · %8 sales, %9 refunds&lt;br&gt;&lt;b&gt;Expected in the drawer: %10&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;, %2, offen seit %3&lt;br&gt;Wechselgeld %4 · Barverkäufe %5 · Barerstattungen %6&lt;br&gt;Kartenverkäufe %7 · %8 Verkäufe, %9 Erstattungen&lt;br&gt;&lt;b&gt;Soll in der Kasse: %10&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Expected %1, counted %2: %3</source>
        <translation>Soll %1, gezählt %2: %3</translation>
    </message>
    <message>
        <source>Count the cash in the drawer and enter the amount.</source>
        <translation>Zählen Sie das Bargeld in der Kasse und geben Sie den Betrag ein.</translation>
    </message>
    <message>
        <source>Closing the shift…</source>
        <translation>Schicht wird abgeschlossen…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Shift closed. The closing is saved to %1.</source>
        <translation>Schicht abgeschlossen. Der Abschluss ist gespeichert unter %1.</translation>
    </message>
    <message>
        <source>Shift closed, but the closing could not be saved: %1</source>
        <translation>Schicht abgeschlossen, aber der Abschluss konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Kassierer/in</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>Cash float</source>
        <translation>Wechselgeld</translation>
    </message>
    <message>
        <source>Cash sales</source>
        <translation>Barverkäufe</translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation>Barerstattungen</translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation>Soll in der Kasse</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Gezählt</translation>
    </message>
    <message>
        <source>Card sales</source>
        <translation>Kartenverkäufe</translation>
    </message>
    <message>
        <source>Shift %1 closed</source>
        <translation>Schicht %1 abgeschlossen</translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>&amp;Best available</source>
        <translation>&amp;Bestplatz-Auswahl</translation>
    </message>
    <message>
        <source>P&amp;rint tickets…</source>
        <translation>&amp;Tickets drucken…</translation>
    </message>
    <message>
        <source>&amp;New sale</source>
        <translation>&amp;Neuer Verkauf</translation>
    </message>
    <message>
        <source>Boxoffice — counter · %1</source>
        <translation>Boxoffice — Kasse · %1</translation>
    </message>
    <message>
        <source>Boxoffice — %1</source>
        <translation>Boxoffice — %1</translation>
    </message>
    <message>
        <source>Seats: </source>
        <translation>Plätze: </translation>
    </message>
    <message>
        <source>C&amp;lear selection</source>
        <translation>Auswahl auf&amp;heben</translation>
    </message>
    <message>
        <source>&amp;Sell</source>
        <translation>&amp;Verkauf</translation>
    </message>
    <message>
        <source>B&amp;ookings</source>
        <translation>B&amp;uchungen</translation>
    </message>
    <message>
        <source>&amp;My bookings</source>
        <translation>&amp;Meine Buchungen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>The hold ran out and the seats went back on sale. Pick seats again.</source>
        <translation>Die Reservierung ist abgelaufen, die Plätze sind wieder im Verkauf. Bitte Plätze neu wählen.</translation>
    </message>
    <message>
        <source>%1
%2 · %3, %4</source>
        <translation>%1
%2 · %3, %4</translation>
    </message>
    <message>
        <source>Offline: selling needs the server. Your selection is kept.</source>
        <translation>Offline: Der Verkauf erfordert den Server. Die Auswahl bleibt erhalten.</translation>
    </message>
    <message>
        <source>Pick seats on the map first.</source>
        <translation>Wählen Sie zuerst Plätze im Saalplan.</translation>
    </message>
    <message>
        <source>Holding the seats…</source>
        <translation>Plätze werden reserviert…</translation>
    </message>
    <message>
        <source>Payment failed: %1 The seats stay held; try another card or cash.</source>
        <translation>Zahlung fehlgeschlagen: %1 Die Plätze bleiben reserviert; andere Karte oder Barzahlung versuchen.</translation>
    </message>
    <message>
        <source>Sold: booking %1, %2.</source>
        <translation>Verkauft: Buchung %1, %2.</translation>
    </message>
    <message>
        <source>Change due: %1.</source>
        <translation>Rückgeld: %1.</translation>
    </message>
    <message>
        <source>Tickets saved to %1.</source>
        <translation>Tickets gespeichert unter %1.</translation>
    </message>
    <message>
        <source>The seats are not held: %1 Pick them again to retry.</source>
        <translation>Die Plätze sind nicht reserviert: %1 Wählen Sie sie erneut aus, um es noch einmal zu versuchen.</translation>
    </message>
    <message>
        <source>The sale could not be confirmed. Press Pay again: a retry never charges twice.</source>
        <translation>Der Verkauf konnte nicht bestätigt werden. Drücken Sie erneut auf Bezahlen: Ein neuer Versuch belastet nie doppelt.</translation>
    </message>
    <message>
        <source>Best seats, any price</source>
        <translation>Beste Plätze, jeder Preis</translation>
    </message>
    <message>
        <source>Cheapest seats</source>
        <translation>Günstigste Plätze</translation>
    </message>
    <message>
        <source>Which seats Best available picks: the best of any price, the cheapest, or the best up to a price per seat</source>
        <translation>Welche Plätze die Bestplatz-Auswahl wählt: die besten jeder Preisstufe, die günstigsten oder die besten bis zu einem Preis pro Platz</translation>
    </message>
    <message>
        <source>Up to %1 (%2)</source>
        <translation>Bis %1 (%2)</translation>
    </message>
    <message>
        <source>It is your turn: pick your seats and pay by %1.</source>
        <translation>Sie sind dran: Wählen Sie Ihre Plätze und bezahlen Sie bis %1 Uhr.</translation>
    </message>
    <message>
        <source>It is your turn: pick your seats.</source>
        <translation>Sie sind dran: Wählen Sie Ihre Plätze.</translation>
    </message>
    <message>
        <source>Waiting for your turn in the queue.</source>
        <translation>Sie warten in der Warteschlange, bis Sie an der Reihe sind.</translation>
    </message>
    <message>
        <source>&amp;Till</source>
        <translation>&amp;Kasse</translation>
    </message>
    <message>
        <source>&amp;Open shift…</source>
        <translation>Schicht &amp;öffnen…</translation>
    </message>
    <message>
        <source>&amp;Close shift…</source>
        <translation>Schicht &amp;abschließen…</translation>
    </message>
    <message>
        <source>Till %1 · shift open since %2 · expected in the drawer %3</source>
        <translation>Kasse %1 · Schicht offen seit %2 · Soll in der Kasse %3</translation>
    </message>
    <message>
        <source>No shift open: cash is off.</source>
        <translation>Keine Schicht offen: Barzahlung ist aus.</translation>
    </message>
    <message>
        <source>Checking the till&apos;s shift…</source>
        <translation>Kassenschicht wird geprüft…</translation>
    </message>
    <message>
        <source>Cash needs an open shift: Till → Open shift…</source>
        <translation>Barzahlung braucht eine offene Schicht: Kasse → Schicht öffnen…</translation>
    </message>
    <message>
        <source>Cash is off until the server says this till&apos;s shift is open.</source>
        <translation>Barzahlung ist aus, bis der Server die offene Schicht dieser Kasse bestätigt.</translation>
    </message>
    <message>
        <source>&amp;Reports…</source>
        <translation>&amp;Berichte…</translation>
    </message>
    <message>
        <source>&amp;Administration</source>
        <translation>&amp;Verwaltung</translation>
    </message>
    <message>
        <source>&amp;Edit catalog…</source>
        <translation>Katalog &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>%1 — CANCELLED: %2</source>
        <translation>%1 — ABGESAGT: %2</translation>
    </message>
</context>
<context>
    <name>DoorScanner</name>
    <message>
        <source>Not a ticket</source>
        <translation>Kein Ticket</translation>
    </message>
    <message>
        <source>This code is too long to be one of our tickets.</source>
        <translation>Dieser Code ist zu lang für eines unserer Tickets.</translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation>Einlass</translation>
    </message>
    <message>
        <source>Do not admit</source>
        <translation>Kein Einlass</translation>
    </message>
    <message>
        <source>Already checked in</source>
        <translation>Bereits entwertet</translation>
    </message>
    <message>
        <source>Let in at %1.</source>
        <translation>Eingelassen um %1.</translation>
    </message>
    <message>
        <source>Let in at %1 at %2.</source>
        <translation>Eingelassen um %1 an %2.</translation>
    </message>
    <message>
        <source>Cancelled ticket</source>
        <translation>Storniertes Ticket</translation>
    </message>
    <message>
        <source>Other event</source>
        <translation>Andere Veranstaltung</translation>
    </message>
    <message>
        <source>This ticket is for %1.</source>
        <translation>Dieses Ticket gilt für %1.</translation>
    </message>
    <message>
        <source>Unknown ticket</source>
        <translation>Unbekanntes Ticket</translation>
    </message>
    <message>
        <source>No ticket has this code. Send the holder to the box office.</source>
        <translation>Kein Ticket hat diesen Code. Bitte an die Kasse verweisen.</translation>
    </message>
    <message>
        <source>Cannot check</source>
        <translation>Prüfung nicht möglich</translation>
    </message>
    <message>
        <source>Offline, and this door has no list of the event&apos;s tickets yet. Connect once before doors open.</source>
        <translation>Offline, und dieser Eingang hat noch keine Ticketliste der Veranstaltung. Bitte vor dem Einlass einmal verbinden.</translation>
    </message>
    <message>
        <source>Not on this event&apos;s list (offline): a ticket of another event, cancelled, or sold after the list was fetched. Send the holder to the box office.</source>
        <translation>Nicht auf der Liste dieser Veranstaltung (offline): ein Ticket einer anderen Veranstaltung, storniert oder nach dem Laden der Liste verkauft. Bitte an die Kasse verweisen.</translation>
    </message>
    <message>
        <source>Cannot record</source>
        <translation>Speichern nicht möglich</translation>
    </message>
    <message>
        <source>The scan could not be stored on this device; check the disk.</source>
        <translation>Der Scan konnte auf diesem Gerät nicht gespeichert werden; bitte den Speicher prüfen.</translation>
    </message>
    <message>
        <source>%1 · Row %2 · Seat %3</source>
        <translation>%1 · Reihe %2 · Platz %3</translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>The server did not understand the request. Please report this problem.</source>
        <translation>Der Server hat die Anfrage nicht verstanden. Bitte melden Sie dieses Problem.</translation>
    </message>
    <message>
        <source>The server refused a value of the request. Check what you entered.</source>
        <translation>Der Server hat einen Wert der Anfrage abgelehnt. Prüfen Sie Ihre Eingaben.</translation>
    </message>
    <message>
        <source>The payment details are incomplete or wrong.</source>
        <translation>Die Zahlungsangaben sind unvollständig oder falsch.</translation>
    </message>
    <message>
        <source>The sale was refused as a repeat of another one. Start the sale again.</source>
        <translation>Der Verkauf wurde als Wiederholung eines anderen abgelehnt. Beginnen Sie den Verkauf neu.</translation>
    </message>
    <message>
        <source>You are not signed in (any more). Please sign in again.</source>
        <translation>Sie sind nicht (mehr) angemeldet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Wrong e-mail address or password.</source>
        <translation>Falsche E-Mail-Adresse oder falsches Passwort.</translation>
    </message>
    <message>
        <source>The card was declined.</source>
        <translation>Die Karte wurde abgelehnt.</translation>
    </message>
    <message>
        <source>The card has insufficient funds.</source>
        <translation>Die Karte ist nicht ausreichend gedeckt.</translation>
    </message>
    <message>
        <source>The card terminal&apos;s answer was not accepted.</source>
        <translation>Die Antwort des Kartenterminals wurde nicht angenommen.</translation>
    </message>
    <message>
        <source>The cash tendered does not cover the total.</source>
        <translation>Der gegebene Betrag deckt die Summe nicht.</translation>
    </message>
    <message>
        <source>Your account may not do this.</source>
        <translation>Ihr Konto darf das nicht.</translation>
    </message>
    <message>
        <source>This event has a waiting room: queue for your turn first.</source>
        <translation>Diese Veranstaltung hat einen Warteraum: Stellen Sie sich zuerst an.</translation>
    </message>
    <message>
        <source>Not found: it does not exist or is not yours.</source>
        <translation>Nicht gefunden: Es existiert nicht oder gehört nicht Ihnen.</translation>
    </message>
    <message>
        <source>The server does not offer this. Please report this problem.</source>
        <translation>Der Server bietet das nicht an. Bitte melden Sie dieses Problem.</translation>
    </message>
    <message>
        <source>The request took too long to arrive. Please try again.</source>
        <translation>Die Anfrage kam zu langsam an. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Some seats were just taken by someone else; pick other seats.</source>
        <translation>Einige Plätze wurden gerade von jemand anderem genommen; wählen Sie andere Plätze.</translation>
    </message>
    <message>
        <source>There is already an account with this e-mail address.</source>
        <translation>Es gibt bereits ein Konto mit dieser E-Mail-Adresse.</translation>
    </message>
    <message>
        <source>This is already cancelled.</source>
        <translation>Das ist bereits storniert.</translation>
    </message>
    <message>
        <source>The same request is still being processed. Please wait a moment.</source>
        <translation>Dieselbe Anfrage wird noch bearbeitet. Bitte warten Sie einen Moment.</translation>
    </message>
    <message>
        <source>This event has no waiting room now: buy directly.</source>
        <translation>Diese Veranstaltung hat gerade keinen Warteraum: Kaufen Sie direkt.</translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation>Die Anfrage ist zu groß.</translation>
    </message>
    <message>
        <source>Too many seats at once for one sale or one account.</source>
        <translation>Zu viele Plätze auf einmal für einen Verkauf oder ein Konto.</translation>
    </message>
    <message>
        <source>Some seats are not this event&apos;s. Reload the seat map.</source>
        <translation>Einige Plätze gehören nicht zu dieser Veranstaltung. Laden Sie den Saalplan neu.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Wait a while before trying again.</source>
        <translation>Zu viele fehlgeschlagene Anmeldungen. Warten Sie eine Weile, bevor Sie es erneut versuchen.</translation>
    </message>
    <message>
        <source>The server is asked too often right now. Try again in a moment.</source>
        <translation>Der Server wird gerade zu oft angefragt. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The server had an internal error; nothing was changed. Please report this problem.</source>
        <translation>Der Server hatte einen internen Fehler; nichts wurde geändert. Bitte melden Sie dieses Problem.</translation>
    </message>
    <message>
        <source>The server is busy or cannot reach its database. Try again in a moment.</source>
        <translation>Der Server ist ausgelastet oder erreicht seine Datenbank nicht. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>Der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>This ticket has already been checked in.</source>
        <translation>Dieses Ticket wurde bereits entwertet.</translation>
    </message>
    <message>
        <source>This ticket was cancelled: do not let it in.</source>
        <translation>Dieses Ticket wurde storniert: bitte nicht einlassen.</translation>
    </message>
    <message>
        <source>This ticket is for another event.</source>
        <translation>Dieses Ticket gilt für eine andere Veranstaltung.</translation>
    </message>
    <message>
        <source>Open a shift with your cash float before taking or refunding cash.</source>
        <translation>Öffnen Sie eine Schicht mit Ihrem Wechselgeld, bevor Sie Bargeld annehmen oder erstatten.</translation>
    </message>
    <message>
        <source>A shift is already open for you or for this till. Close it first.</source>
        <translation>Für Sie oder diese Kasse ist bereits eine Schicht offen. Schließen Sie sie zuerst.</translation>
    </message>
    <message>
        <source>This shift is closed already. Open a new shift to go on.</source>
        <translation>Diese Schicht ist bereits abgeschlossen. Öffnen Sie eine neue Schicht, um weiterzumachen.</translation>
    </message>
    <message>
        <source>This event was cancelled: nothing of it can be sold.</source>
        <translation>Diese Veranstaltung wurde abgesagt: Davon kann nichts mehr verkauft werden.</translation>
    </message>
</context>
<context>
    <name>EventBrowser</name>
    <message>
        <source>Search events, performers, venues, cities (Ctrl+F)</source>
        <translation>Veranstaltungen, Künstler, Spielstätten, Städte suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Next 7 days</source>
        <translation>Nächste 7 Tage</translation>
    </message>
    <message>
        <source>Next 30 days</source>
        <translation>Nächste 30 Tage</translation>
    </message>
    <message>
        <source>All upcoming</source>
        <translation>Alle kommenden</translation>
    </message>
    <message>
        <source>On date…</source>
        <translation>Bestimmtes Datum…</translation>
    </message>
    <message>
        <source>All venues</source>
        <translation>Alle Spielstätten</translation>
    </message>
    <message>
        <source>No events match.</source>
        <translation>Keine passenden Veranstaltungen.</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Veranstaltung</numerusform>
            <numerusform>%n Veranstaltungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventListModel</name>
    <message numerus="yes">
        <source>%1 %2 · %3
%4, %5 · %n free</source>
        <translation>
            <numerusform>%1 %2 · %3
%4, %5 · %n frei</numerusform>
            <numerusform>%1 %2 · %3
%4, %5 · %n frei</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2 · %3
%4, %5 · CANCELLED</source>
        <translation>%1 %2 · %3
%4, %5 · ABGESAGT</translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation>Abgesagt: %1</translation>
    </message>
</context>
<context>
    <name>HoldCountdownLabel</name>
    <message>
        <source>Seats held for %1:%2</source>
        <translation>Plätze reserviert für %1:%2</translation>
    </message>
    <message>
        <source>Holding seats…</source>
        <translation>Plätze werden reserviert…</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Staff only</source>
        <translation>Nur für Personal</translation>
    </message>
    <message>
        <source>PIN to close the kiosk:</source>
        <translation>PIN zum Beenden des Kiosks:</translation>
    </message>
    <message>
        <source>Boxoffice kiosk</source>
        <translation>Boxoffice-Kiosk</translation>
    </message>
    <message>
        <source>Sorry, someone else just took a seat you chose. Please pick again.</source>
        <translation>Leider wurde ein von Ihnen gewählter Platz soeben anderweitig vergeben. Bitte wählen Sie erneut.</translation>
    </message>
    <message>
        <source>Your seats were released because time ran out. Please pick again.</source>
        <translation>Ihre Plätze wurden freigegeben, weil die Zeit abgelaufen ist. Bitte wählen Sie erneut.</translation>
    </message>
    <message>
        <source>Welcome! Pick a show</source>
        <translation>Willkommen! Wählen Sie eine Vorstellung</translation>
    </message>
    <message>
        <source>Choose seats</source>
        <translation>Plätze wählen</translation>
    </message>
    <message>
        <source>Find my booking</source>
        <translation>Meine Buchung finden</translation>
    </message>
    <message numerus="yes">
        <source>Best %n</source>
        <translation>
            <numerusform>%n Bestplatz</numerusform>
            <numerusform>%n Bestplätze</numerusform>
        </translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Continue to payment</source>
        <translation>Weiter zur Zahlung</translation>
    </message>
    <message>
        <source>Pay by card</source>
        <translation>Mit Karte bezahlen</translation>
    </message>
    <message>
        <source>Change seats</source>
        <translation>Plätze ändern</translation>
    </message>
    <message>
        <source>Pay now</source>
        <translation>Jetzt bezahlen</translation>
    </message>
    <message>
        <source>Thank you! Your tickets are printing.</source>
        <translation>Vielen Dank! Ihre Tickets werden gedruckt.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Booking code, e.g. EMTK5LLV</source>
        <translation>Buchungscode, z. B. EMTK5LLV</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Print my tickets</source>
        <translation>Meine Tickets drucken</translation>
    </message>
    <message>
        <source>A booking code has 8 letters and digits.</source>
        <translation>Ein Buchungscode besteht aus 8 Buchstaben und Ziffern.</translation>
    </message>
    <message>
        <source>Looking…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>This kiosk is offline and does not know booking %1.</source>
        <translation>Dieser Kiosk ist offline und kennt die Buchung %1 nicht.</translation>
    </message>
    <message>
        <source>No booking %1. Please check the code on your receipt.</source>
        <translation>Keine Buchung %1 gefunden. Bitte prüfen Sie den Code auf Ihrer Quittung.</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2
%n valid ticket(s)</source>
        <translation>
            <numerusform>%1 · %2
%n gültiges Ticket</numerusform>
            <numerusform>%1 · %2
%n gültige Tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Your tickets are printing.</source>
        <translation>Ihre Tickets werden gedruckt.</translation>
    </message>
    <message>
        <source>Tap seats, or let us pick the best ones for you.</source>
        <translation>Tippen Sie auf Plätze oder lassen Sie uns die besten für Sie auswählen.</translation>
    </message>
    <message>
        <source>%1 · row %2 · seat %3 · %4</source>
        <translation>%1 · Reihe %2 · Platz %3 · %4</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>Gesamt %1</translation>
    </message>
    <message>
        <source>Insert or tap your card on the terminal, then press Pay now.</source>
        <translation>Stecken Sie Ihre Karte ins Terminal oder halten Sie sie daran und tippen Sie dann auf „Jetzt bezahlen“.</translation>
    </message>
    <message>
        <source>Processing your payment…</source>
        <translation>Ihre Zahlung wird verarbeitet…</translation>
    </message>
    <message>
        <source>Your card was not accepted (%1). Your seats are still held: try another card.</source>
        <translation>Ihre Karte wurde nicht akzeptiert (%1). Ihre Plätze bleiben reserviert: Versuchen Sie es mit einer anderen Karte.</translation>
    </message>
    <message>
        <source>Payment could not be completed: %1 Your seats are still held; please try again.</source>
        <translation>Die Zahlung konnte nicht abgeschlossen werden: %1 Ihre Plätze bleiben reserviert; bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Booking code: %1</source>
        <translation>Buchungscode: %1</translation>
    </message>
    <message>
        <source>Keep your booking code: you can reprint your tickets here any time.</source>
        <translation>Bewahren Sie Ihren Buchungscode auf: Damit können Sie Ihre Tickets hier jederzeit erneut drucken.</translation>
    </message>
    <message>
        <source>Printing failed (%1). Please ask at the box office with your booking code.</source>
        <translation>Der Druck ist fehlgeschlagen (%1). Bitte wenden Sie sich mit Ihrem Buchungscode an die Kasse.</translation>
    </message>
    <message>
        <source>This kiosk is offline right now, so it cannot sell tickets. Please use the box office; booking lookup still works for bookings made here.</source>
        <translation>Dieser Kiosk ist gerade offline und kann keine Tickets verkaufen. Bitte wenden Sie sich an die Kasse; hier gebuchte Buchungen können Sie weiterhin abrufen.</translation>
    </message>
    <message>
        <source>Your seats could not be reserved (%1). Please try again.</source>
        <translation>Ihre Plätze konnten nicht reserviert werden (%1). Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Printing failed (%1). Please ask at the box office.</source>
        <translation>Drucken fehlgeschlagen (%1). Bitte wenden Sie sich an die Kasse.</translation>
    </message>
    <message>
        <source>We could not confirm your payment. Please press Pay now again: you will not be charged twice.</source>
        <translation>Wir konnten Ihre Zahlung nicht bestätigen. Bitte drücken Sie noch einmal auf „Jetzt bezahlen“: Sie werden nicht doppelt belastet.</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>Ich bin noch da</translation>
    </message>
    <message>
        <source>Search a show, artist or venue</source>
        <translation>Vorstellung, Künstler oder Spielstätte suchen</translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation>Tastatur</translation>
    </message>
    <message>
        <source>All days</source>
        <translation>Alle Tage</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation>Morgen</translation>
    </message>
    <message>
        <source>Type the code from your receipt or confirmation on the keys below.</source>
        <translation>Tippen Sie den Code von Ihrer Quittung oder Bestätigung auf den Tasten unten ein.</translation>
    </message>
    <message numerus="yes">
        <source>Still there? Starting over in %n second(s).</source>
        <translation>
            <numerusform>Noch da? Neustart in %n Sekunde.</numerusform>
            <numerusform>Noch da? Neustart in %n Sekunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>Ausverkauft</translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) left</source>
        <translation>
            <numerusform>Noch %n Platz frei</numerusform>
            <numerusform>Noch %n Plätze frei</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2
%3, %4 · %5 · %6</source>
        <translation>%1 · %2
%3, %4 · %5 · %6</translation>
    </message>
    <message>
        <source>No seats chosen</source>
        <translation>Keine Plätze gewählt</translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) · Total %1</source>
        <translation>
            <numerusform>%n Platz · Gesamt %1</numerusform>
            <numerusform>%n Plätze · Gesamt %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No shows found. Try another day or search.</source>
        <translation>Keine Vorstellungen gefunden. Versuchen Sie einen anderen Tag oder Suchbegriff.</translation>
    </message>
    <message>
        <source>Wrong PIN. The kiosk stays open.</source>
        <translation>Falsche PIN. Der Kiosk bleibt geöffnet.</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgesagt</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Anmelden</translation>
    </message>
    <message>
        <source>Boxoffice — sign in</source>
        <translation>Boxoffice — Anmeldung</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-Mail</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Passwort</translation>
    </message>
    <message>
        <source>Enter your e-mail address and password.</source>
        <translation>Geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
</context>
<context>
    <name>Mirror</name>
    <message>
        <source>The local copy %1 cannot be opened: %2</source>
        <translation>Die lokale Kopie %1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>The local copy %1 was written by a newer Boxoffice (schema %2); update this program or remove the file.</source>
        <translation>Die lokale Kopie %1 stammt von einer neueren Boxoffice-Version (Schema %2); aktualisieren Sie dieses Programm oder entfernen Sie die Datei.</translation>
    </message>
    <message>
        <source>The local copy could not store the catalog: %1</source>
        <translation>Die lokale Kopie konnte den Katalog nicht speichern: %1</translation>
    </message>
    <message>
        <source>The local copy could not store a seat map: %1</source>
        <translation>Die lokale Kopie konnte einen Saalplan nicht speichern: %1</translation>
    </message>
    <message>
        <source>The local copy %1 cannot be brought up to date: %2</source>
        <translation>Die lokale Kopie %1 kann nicht aktualisiert werden: %2</translation>
    </message>
    <message>
        <source>The local copy could not store a booking: %1</source>
        <translation>Die lokale Kopie konnte eine Buchung nicht speichern: %1</translation>
    </message>
    <message>
        <source>The local copy could not store the door&apos;s list: %1</source>
        <translation>Die lokale Kopie konnte die Einlassliste nicht speichern: %1</translation>
    </message>
    <message>
        <source>The local copy could not record a check-in: %1</source>
        <translation>Die lokale Kopie konnte einen Einlass nicht speichern: %1</translation>
    </message>
    <message>
        <source>The local copy could not keep a scan: %1</source>
        <translation>Die lokale Kopie konnte einen Scan nicht speichern: %1</translation>
    </message>
    <message>
        <source>The local copy could not record an upload: %1</source>
        <translation>Die lokale Kopie konnte ein Hochladen nicht vermerken: %1</translation>
    </message>
    <message>
        <source>The local copy could not store free seats: %1</source>
        <translation>Die lokale Kopie konnte die freien Plätze nicht speichern: %1</translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation>Schicht öffnen</translation>
    </message>
    <message>
        <source>Cash in the drawer now, e.g. 150</source>
        <translation>Bargeld jetzt in der Kasse, z. B. 150</translation>
    </message>
    <message>
        <source>&amp;Open shift</source>
        <translation>Schicht &amp;öffnen</translation>
    </message>
    <message>
        <source>&amp;Till</source>
        <translation>&amp;Kasse</translation>
    </message>
    <message>
        <source>Cash &amp;float</source>
        <translation>&amp;Wechselgeld</translation>
    </message>
    <message>
        <source>Count the cash in the drawer and enter it as the float. Cash sales and refunds until you close the shift count on this till.</source>
        <translation>Zählen Sie das Bargeld in der Kasse und geben Sie es als Wechselgeld ein. Barverkäufe und Erstattungen bis zum Schichtabschluss zählen auf diese Kasse.</translation>
    </message>
    <message>
        <source>Name the till, e.g. &quot;Counter 1&quot;.</source>
        <translation>Benennen Sie die Kasse, z. B. „Kasse 1“.</translation>
    </message>
    <message>
        <source>Enter the cash float in euros, e.g. 150 or 150,00.</source>
        <translation>Geben Sie das Wechselgeld in Euro ein, z. B. 150 oder 150,00.</translation>
    </message>
    <message>
        <source>Opening the shift…</source>
        <translation>Schicht wird geöffnet…</translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>&amp;Cash</source>
        <translation>Ba&amp;r</translation>
    </message>
    <message>
        <source>C&amp;ard</source>
        <translation>&amp;Karte</translation>
    </message>
    <message>
        <source>&amp;Pay</source>
        <translation>Be&amp;zahlen</translation>
    </message>
    <message>
        <source>Customer name (optional)</source>
        <translation>Kundenname (optional)</translation>
    </message>
    <message>
        <source>Amount tendered, e.g. 50</source>
        <translation>Gegebener Betrag, z. B. 50</translation>
    </message>
    <message>
        <source>Card terminal: approve (sandbox)</source>
        <translation>Kartenterminal: genehmigen (Sandbox)</translation>
    </message>
    <message>
        <source>Card terminal: decline (sandbox)</source>
        <translation>Kartenterminal: ablehnen (Sandbox)</translation>
    </message>
    <message>
        <source>Card terminal: insufficient funds (sandbox)</source>
        <translation>Kartenterminal: keine ausreichende Deckung (Sandbox)</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Zahlungsart</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Rückgeld</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Plätze</translation>
    </message>
    <message>
        <source>Enter the amount tendered (at least %1).</source>
        <translation>Geben Sie den gegebenen Betrag ein (mindestens %1).</translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation>Wird gebucht…</translation>
    </message>
    <message>
        <source>%1 · row %2 · seat %3 · %4 %5</source>
        <translation>%1 · Reihe %2 · Platz %3 · %4 %5</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>Gesamt %1</translation>
    </message>
    <message>
        <source>%1 short</source>
        <translation>%1 zu wenig</translation>
    </message>
    <message>
        <source>&amp;Tendered</source>
        <translation>&amp;Gegeben</translation>
    </message>
    <message>
        <source>Change due
%1</source>
        <translation>Rückgeld
%1</translation>
    </message>
    <message>
        <source>Exact %1</source>
        <translation>Passend %1</translation>
    </message>
</context>
<context>
    <name>PrintedPage</name>
    <message>
        <source>The PDF file %1 cannot be written: %2</source>
        <translation>Die PDF-Datei %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>the pages could not be drawn</source>
        <translation>die Seiten konnten nicht gezeichnet werden</translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <source>&amp;Show</source>
        <translation>&amp;Anzeigen</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>CSV e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Veranstaltung</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Gross</source>
        <translation>Brutto</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Erstattungen</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>Saldo</translation>
    </message>
    <message>
        <source>Price category</source>
        <translation>Preiskategorie</translation>
    </message>
    <message>
        <source>Tickets refunded</source>
        <translation>Erstattete Tickets</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Kassierer</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Wechselgeld</translation>
    </message>
    <message>
        <source>Cash sales</source>
        <translation>Barverkäufe</translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation>Bar erstattet</translation>
    </message>
    <message>
        <source>Card sales</source>
        <translation>Kartenverkäufe</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Soll</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Gezählt</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Verkäufe</translation>
    </message>
    <message>
        <source>Boxoffice — reports</source>
        <translation>Boxoffice — Berichte</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>V&amp;on:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>S&amp;ales</source>
        <translation>&amp;Verkäufe</translation>
    </message>
    <message>
        <source>Shift &amp;closings</source>
        <translation>&amp;Kassenabschlüsse</translation>
    </message>
    <message>
        <source>The first day must not be after the last.</source>
        <translation>Der erste Tag darf nicht nach dem letzten liegen.</translation>
    </message>
    <message numerus="yes">
        <source>A report covers at most %n days.</source>
        <translation>
            <numerusform>Ein Bericht umfasst höchstens %n Tag.</numerusform>
            <numerusform>Ein Bericht umfasst höchstens %n Tage.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) refunded</source>
        <translation>
            <numerusform>%n Ticket erstattet</numerusform>
            <numerusform>%n Tickets erstattet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Total: %n ticket(s), gross %1 (cash %2, card %3), refunds %4, net %5</source>
        <translation>
            <numerusform>Summe: %n Ticket, brutto %1 (bar %2, Karte %3), Erstattungen %4, Saldo %5</numerusform>
            <numerusform>Summe: %n Tickets, brutto %1 (bar %2, Karte %3), Erstattungen %4, Saldo %5</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shift(s) closed: expected %1, counted %2, difference %3</source>
        <translation>
            <numerusform>%n Kassenabschluss: Soll %1, gezählt %2, Differenz %3</numerusform>
            <numerusform>%n Kassenabschlüsse: Soll %1, gezählt %2, Differenz %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>%1 konnte nicht gespeichert werden: %2</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>%1 VAT: %2 (net of VAT %3)</source>
        <translation>MwSt. %1: %2 (netto %3)</translation>
    </message>
</context>
<context>
    <name>ScannerWindow</name>
    <message>
        <source>Boxoffice — door · %1</source>
        <translation>Boxoffice — Einlass · %1</translation>
    </message>
    <message>
        <source>Scan a ticket, or type its code and press Enter</source>
        <translation>Ticket scannen oder Code eingeben und Enter drücken</translation>
    </message>
    <message>
        <source>Scan result</source>
        <translation>Scan-Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation>&amp;Veranstaltung:</translation>
    </message>
    <message>
        <source>&amp;Door:</source>
        <translation>&amp;Eingang:</translation>
    </message>
    <message>
        <source>%1 (offline)</source>
        <translation>%1 (offline)</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1 of %2 admitted</source>
        <translation>%1 von %2 eingelassen</translation>
    </message>
    <message>
        <source>Offline: checking from this door&apos;s list.</source>
        <translation>Offline: Prüfung mit der Liste dieses Eingangs.</translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) to upload.</source>
        <translation>
            <numerusform>%n Scan muss noch hochgeladen werden.</numerusform>
            <numerusform>%n Scans müssen noch hochgeladen werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) were let in here after another door admitted them.</source>
        <translation>
            <numerusform>%n Ticket wurde hier eingelassen, nachdem ein anderer Eingang es schon eingelassen hatte.</numerusform>
            <numerusform>%n Tickets wurden hier eingelassen, nachdem ein anderer Eingang sie schon eingelassen hatte.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SeatMapView</name>
    <message>
        <source>Seat map</source>
        <translation>Saalplan</translation>
    </message>
    <message numerus="yes">
        <source>There are no %n adjacent free seats.</source>
        <translation>
            <numerusform>Kein freier Platz für %n Person verfügbar.</numerusform>
            <numerusform>Keine %n nebeneinanderliegenden freien Plätze verfügbar.</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the seat map…</source>
        <translation>Saalplan wird geladen…</translation>
    </message>
    <message>
        <source>Choose an event.</source>
        <translation>Wählen Sie eine Veranstaltung.</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>Leinwand</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Bühne</translation>
    </message>
    <message>
        <source>Your selection</source>
        <translation>Ihre Auswahl</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Verkauft</translation>
    </message>
    <message>
        <source>◯ Wheelchair space</source>
        <translation>◯ Rollstuhlplatz</translation>
    </message>
    <message>
        <source>This seat is sold.</source>
        <translation>Dieser Platz ist verkauft.</translation>
    </message>
    <message>
        <source>This seat is held by someone else.</source>
        <translation>Dieser Platz ist anderweitig reserviert.</translation>
    </message>
    <message numerus="yes">
        <source>At most %n seats per sale.</source>
        <translation>
            <numerusform>Höchstens %n Platz pro Verkauf.</numerusform>
            <numerusform>Höchstens %n Plätze pro Verkauf.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, row %2, seat %3</source>
        <translation>%1, Reihe %2, Platz %3</translation>
    </message>
    <message>
        <source>available</source>
        <translation>frei</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>ausgewählt</translation>
    </message>
    <message>
        <source>held</source>
        <translation>reserviert</translation>
    </message>
    <message>
        <source>sold</source>
        <translation>verkauft</translation>
    </message>
    <message>
        <source>wheelchair space</source>
        <translation>Rollstuhlplatz</translation>
    </message>
    <message>
        <source>Not for sale</source>
        <translation>Nicht im Verkauf</translation>
    </message>
    <message>
        <source>This seat is not for sale.</source>
        <translation>Dieser Platz ist nicht im Verkauf.</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>gesperrt</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Ask every time (counter) / PDF only (kiosk)</source>
        <translation>Jedes Mal fragen (Kasse) / nur PDF (Kiosk)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>Server-URL</translation>
    </message>
    <message>
        <source>Device name</source>
        <translation>Gerätename</translation>
    </message>
    <message>
        <source>Kiosk idle reset</source>
        <translation>Kiosk-Reset bei Inaktivität</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>Ticket PDF folder</source>
        <translation>Ordner für Ticket-PDFs</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>A new server or language takes effect at the next start.</source>
        <translation>Ein neuer Server oder eine neue Sprache wird beim nächsten Start wirksam.</translation>
    </message>
</context>
<context>
    <name>ShiftClosingDocument</name>
    <message>
        <source>Cash over %1</source>
        <translation>Kassenüberschuss %1</translation>
    </message>
    <message>
        <source>Cash short %1</source>
        <translation>Kassenfehlbetrag %1</translation>
    </message>
    <message>
        <source>No difference</source>
        <translation>Keine Differenz</translation>
    </message>
    <message>
        <source>Shift report (open)</source>
        <translation>Schichtbericht (offen)</translation>
    </message>
    <message>
        <source>Shift closing</source>
        <translation>Schichtabschluss</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>Kasse</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Kassierer/in</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>Geschlossen von</translation>
    </message>
    <message>
        <source>Cash float</source>
        <translation>Wechselgeld</translation>
    </message>
    <message>
        <source>Cash sales</source>
        <translation>Barverkäufe</translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation>Barerstattungen</translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation>Soll in der Kasse</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Gezählt</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>Card sales</source>
        <translation>Kartenverkäufe</translation>
    </message>
    <message>
        <source>Card refunds</source>
        <translation>Kartenerstattungen</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Verkäufe</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>Erstattungen</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Notiz: %1</translation>
    </message>
    <message>
        <source>Signature clerk / Signature manager</source>
        <translation>Unterschrift Kassierer/in / Unterschrift Leitung</translation>
    </message>
    <message>
        <source>Shift %1, %2</source>
        <translation>Schicht %1, %2</translation>
    </message>
</context>
<context>
    <name>StatusBanner</name>
    <message>
        <source>Offline since %1 — showing saved data. Selling, holds and cancellations need the server; reconnecting automatically.</source>
        <translation>Offline seit %1 — gespeicherte Daten werden angezeigt. Verkauf, Reservierungen und Stornierungen erfordern den Server; die Verbindung wird automatisch wiederhergestellt.</translation>
    </message>
    <message>
        <source>Updating the catalog: %1 of %2 events…</source>
        <translation>Katalog wird aktualisiert: %1 von %2 Veranstaltungen…</translation>
    </message>
</context>
<context>
    <name>TicketDocument</name>
    <message>
        <source>%1, %2</source>
        <comment>date, time</comment>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>address, city</comment>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>%1 · Row %2 · Seat %3</source>
        <comment>section, row, seat</comment>
        <translation>%1 · Reihe %2 · Platz %3</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>price category, price</comment>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Booking code</source>
        <translation>Buchungscode</translation>
    </message>
    <message>
        <source>Ticket %1 of %2</source>
        <translation>Ticket %1 von %2</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Quittung</translation>
    </message>
    <message>
        <source>Date of sale</source>
        <translation>Verkaufsdatum</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>seat (price category)</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <source>Net total</source>
        <translation>Gesamt nach Erstattung</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Zahlungsart</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Change due</source>
        <translation>Rückgeld</translation>
    </message>
    <message>
        <source>Booking %1 has no valid tickets to print.</source>
        <translation>Die Buchung %1 enthält keine gültigen Tickets zum Drucken.</translation>
    </message>
    <message>
        <source>Tickets %1</source>
        <translation>Tickets %1</translation>
    </message>
    <message>
        <source>REPRINT</source>
        <translation>NACHDRUCK</translation>
    </message>
    <message>
        <source>Receipt (reprint)</source>
        <translation>Quittung (Nachdruck)</translation>
    </message>
    <message>
        <source>Tendered</source>
        <translation>Gegeben</translation>
    </message>
    <message>
        <source>Ticket code</source>
        <translation>Ticketcode</translation>
    </message>
    <message>
        <source>VAT ID %1</source>
        <translation>USt-IdNr. %1</translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation>Beleg-Nr.</translation>
    </message>
    <message>
        <source>incl. VAT %1 on %2 (net %3)</source>
        <translation>inkl. MwSt. %1 auf %2 (netto %3)</translation>
    </message>
</context>
<context>
    <name>TicketOutput</name>
    <message>
        <source>The ticket folder %1 cannot be created.</source>
        <translation>Der Ticket-Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>The printer “%1” is not available.</source>
        <translation>Der Drucker „%1“ ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Print tickets %1</source>
        <translation>Tickets %1 drucken</translation>
    </message>
</context>
<context>
    <name>TouchKeypad</name>
    <message>
        <source>Space</source>
        <translation>Leertaste</translation>
    </message>
    <message>
        <source>⌫ Delete</source>
        <translation>⌫ Löschen</translation>
    </message>
</context>
<context>
    <name>WaitingRoomPanel</name>
    <message>
        <source>This on-sale has a waiting room</source>
        <translation>Dieser Vorverkauf hat einen Warteraum</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <source>Buyers are let in to pick seats in the order they came. The seat map opens by itself when it is your turn; you can look at other events meanwhile without losing your place.</source>
        <translation>Käufer werden in der Reihenfolge ihres Eintreffens zur Platzwahl eingelassen. Der Saalplan öffnet sich von selbst, wenn Sie an der Reihe sind; Sie können sich in der Zwischenzeit andere Veranstaltungen ansehen, ohne Ihren Platz in der Warteschlange zu verlieren.</translation>
    </message>
    <message>
        <source>Less than a minute to wait.</source>
        <translation>Weniger als eine Minute Wartezeit.</translation>
    </message>
    <message numerus="yes">
        <source>About %n minute(s) to wait.</source>
        <translation>
            <numerusform>Etwa %n Minute Wartezeit.</numerusform>
            <numerusform>Etwa %n Minuten Wartezeit.</numerusform>
        </translation>
    </message>
    <message>
        <source>About %1 h %2 min to wait.</source>
        <translation>Etwa %1 Std. %2 Min. Wartezeit.</translation>
    </message>
    <message>
        <source>Joining the queue…</source>
        <translation>Sie werden in die Warteschlange eingereiht…</translation>
    </message>
    <message>
        <source>You are next.</source>
        <translation>Sie sind als Nächstes dran.</translation>
    </message>
    <message>
        <source>You are number %1 in the queue.</source>
        <translation>Sie sind Nummer %1 in der Warteschlange.</translation>
    </message>
    <message>
        <source>Could not join the queue.</source>
        <translation>Die Warteschlange ist gerade nicht erreichbar.</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Boxoffice</source>
        <translation>Boxoffice</translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The catalog editor is for admin accounts; %1 is not one. Sign in as an admin, or start without --admin.</source>
        <translation>Der Katalog-Editor ist für Administratorkonten; %1 ist keines. Melden Sie sich als Administrator an oder starten Sie ohne --admin.</translation>
    </message>
</context>
</TS>
