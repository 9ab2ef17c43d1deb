<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ApiClient</name>
    <message>
        <source>The server at %1 cannot be reached (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BookingLookup</name>
    <message>
        <source>Please confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel &amp;ticked tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking code (8 characters) or customer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking / ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a booking code or a customer name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Offline: showing bookings this desk has seen (%n found).</source>
        <translation>
            <numerusform>Offline: showing bookings this desk has seen (%n found).</numerusform>
            <numerusform>Offline: showing bookings this desk has seen (%n found).</numerusform>
        </translation>
    </message>
    <message>
        <source>No booking found for “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n booking(s) found.</source>
        <translation>
            <numerusform>%n booking found.</numerusform>
            <numerusform>%n bookings found.</numerusform>
        </translation>
    </message>
    <message>
        <source>Offline: your bookings as last seen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · row %2 · seat %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling needs the server, and this desk is offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick the tickets to cancel first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel booking %1 and refund %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund %1 to the customer (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>back to the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1, but printing failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cancel %n ticket(s) of booking %1 and refund %2?</source>
        <translation>
            <numerusform>Cancel %n ticket of booking %1 and refund %2?</numerusform>
            <numerusform>Cancel %n tickets of booking %1 and refund %2?</numerusform>
        </translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>partly cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogEditor</name>
    <message>
        <source>Cancel event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boxoffice — catalog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New event…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel event…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price (€)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections (new only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add price category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why, e.g. house seat, broken seat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Block seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Unblock seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers to tell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Performer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Starts at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected seats:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (cancelled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The price in row %1 is not an amount like 35.50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting the bookings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cancel %1? %n booking(s) will be cancelled and refunded, and no seat will be sold any more. This cannot be undone. Why is it cancelled?</source>
        <translation>
            <numerusform>Cancel %1? %n booking will be cancelled and refunded, and no seat will be sold any more. This cannot be undone. Why is it cancelled?</numerusform>
            <numerusform>Cancel %1? %n bookings will be cancelled and refunded, and no seat will be sold any more. This cannot be undone. Why is it cancelled?</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling and refunding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n booking(s) refunded.</source>
        <translation>
            <numerusform>Cancelled: %n booking refunded.</numerusform>
            <numerusform>Cancelled: %n bookings refunded.</numerusform>
        </translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n ticket</numerusform>
            <numerusform>%n tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>refunded %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bookings: nobody to tell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say why these seats are blocked (house seat, broken seat…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Blocking %n seat(s)…</source>
        <translation>
            <numerusform>Blocking %n seat…</numerusform>
            <numerusform>Blocking %n seats…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Putting %n seat(s) back on sale…</source>
        <translation>
            <numerusform>Putting %n seat back on sale…</numerusform>
            <numerusform>Putting %n seats back on sale…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) blocked.</source>
        <translation>
            <numerusform>%n seat blocked.</numerusform>
            <numerusform>%n seats blocked.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) back on sale.</source>
        <translation>
            <numerusform>%n seat back on sale.</numerusform>
            <numerusform>%n seats back on sale.</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the venues…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New event</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1, %2 (%n seat(s))</source>
        <translation>
            <numerusform>%1, %2 (%n seat)</numerusform>
            <numerusform>%1, %2 (%n seats)</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Venue:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;rice of every seat (€):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More price categories can be added once it is made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new event needs a venue, a name and a price.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the event…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloseShiftDialog</name>
    <message>
        <source>&amp;Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Print closing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash counted in the drawer, e.g. 312,50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (optional), e.g. why cash is short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ounted cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;, %2, open since %3&lt;br&gt;Float %4 · cash sales %5 · cash refunds %6&lt;br&gt;Card sales %7 · %8 sales, %9 refunds&lt;br&gt;&lt;b&gt;Expected in the drawer: %10&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected %1, counted %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count the cash in the drawer and enter the amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing the shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift closed. The closing is saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift closed, but the closing could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift %1 closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CounterWindow</name>
    <message>
        <source>&amp;Best available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;rint tickets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boxoffice — counter · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boxoffice — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>B&amp;ookings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;My bookings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The hold ran out and the seats went back on sale. Pick seats again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 · %3, %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: selling needs the server. Your selection is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick seats on the map first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holding the seats…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment failed: %1 The seats stay held; try another card or cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold: booking %1, %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change due: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seats are not held: %1 Pick them again to retry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sale could not be confirmed. Press Pay again: a retry never charges twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best seats, any price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cheapest seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which seats Best available picks: the best of any price, the cheapest, or the best up to a price per seat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is your turn: pick your seats and pay by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is your turn: pick your seats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for your turn in the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till %1 · shift open since %2 · expected in the drawer %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No shift open: cash is off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the till&apos;s shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash needs an open shift: Till → Open shift…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash is off until the server says this till&apos;s shift is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Administration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit catalog…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — CANCELLED: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DoorScanner</name>
    <message>
        <source>Not a ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This code is too long to be one of our tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not admit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already checked in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let in at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let in at %1 at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ticket is for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ticket has this code. Send the holder to the box office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline, and this door has no list of the event&apos;s tickets yet. Connect once before doors open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not on this event&apos;s list (offline): a ticket of another event, cancelled, or sold after the list was fetched. Send the holder to the box office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scan could not be stored on this device; check the disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Row %2 · Seat %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorMessages</name>
    <message>
        <source>The server did not understand the request. Please report this problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused a value of the request. Check what you entered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payment details are incomplete or wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sale was refused as a repeat of another one. Start the sale again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are not signed in (any more). Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong e-mail address or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card was declined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card has insufficient funds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card terminal&apos;s answer was not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cash tendered does not cover the total.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your account may not do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This event has a waiting room: queue for your turn first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found: it does not exist or is not yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not offer this. Please report this problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request took too long to arrive. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some seats were just taken by someone else; pick other seats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is already an account with this e-mail address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is already cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same request is still being processed. Please wait a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This event has no waiting room now: buy directly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many seats at once for one sale or one account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some seats are not this event&apos;s. Reload the seat map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Wait a while before trying again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is asked too often right now. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server had an internal error; nothing was changed. Please report this problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is busy or cannot reach its database. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ticket has already been checked in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ticket was cancelled: do not let it in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ticket is for another event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a shift with your cash float before taking or refunding cash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A shift is already open for you or for this till. Close it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This shift is closed already. Open a new shift to go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This event was cancelled: nothing of it can be sold.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventBrowser</name>
    <message>
        <source>Search events, performers, venues, cities (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All upcoming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On date…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All venues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No events match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
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
%4, %5 · %n free</numerusform>
            <numerusform>%1 %2 · %3
%4, %5 · %n free</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %2 · %3
%4, %5 · CANCELLED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HoldCountdownLabel</name>
    <message>
        <source>Seats held for %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holding seats…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Staff only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN to close the kiosk:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boxoffice kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sorry, someone else just took a seat you chose. Please pick again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your seats were released because time ran out. Please pick again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome! Pick a show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find my booking</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Best %n</source>
        <translation>
            <numerusform>Best %n</numerusform>
            <numerusform>Best %n</numerusform>
        </translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue to payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay by card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you! Your tickets are printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking code, e.g. EMTK5LLV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print my tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A booking code has 8 letters and digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This kiosk is offline and does not know booking %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No booking %1. Please check the code on your receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2
%n valid ticket(s)</source>
        <translation>
            <numerusform>%1 · %2
%n valid ticket</numerusform>
            <numerusform>%1 · %2
%n valid tickets</numerusform>
        </translation>
    </message>
    <message>
        <source>Your tickets are printing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tap seats, or let us pick the best ones for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · row %2 · seat %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert or tap your card on the terminal, then press Pay now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processing your payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your card was not accepted (%1). Your seats are still held: try another card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment could not be completed: %1 Your seats are still held; please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking code: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep your booking code: you can reprint your tickets here any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing failed (%1). Please ask at the box office with your booking code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This kiosk is offline right now, so it cannot sell tickets. Please use the box office; booking lookup still works for bookings made here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your seats could not be reserved (%1). Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing failed (%1). Please ask at the box office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>We could not confirm your payment. Please press Pay now again: you will not be charged twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search a show, artist or venue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tomorrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the code from your receipt or confirmation on the keys below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Still there? Starting over in %n second(s).</source>
        <translation>
            <numerusform>Still there? Starting over in %n second.</numerusform>
            <numerusform>Still there? Starting over in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) left</source>
        <translation>
            <numerusform>%n seat left</numerusform>
            <numerusform>%n seats left</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · %2
%3, %4 · %5 · %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No seats chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s) · Total %1</source>
        <translation>
            <numerusform>%n seat · Total %1</numerusform>
            <numerusform>%n seats · Total %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No shows found. Try another day or search.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong PIN. The kiosk stays open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>&amp;Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boxoffice — sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your e-mail address and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Mirror</name>
    <message>
        <source>The local copy %1 cannot be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy %1 was written by a newer Boxoffice (schema %2); update this program or remove the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy could not store the catalog: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy could not store a seat map: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy %1 cannot be brought up to date: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy could not store a booking: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy could not store the door&apos;s list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy could not record a check-in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy could not keep a scan: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy could not record an upload: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy could not store free seats: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenShiftDialog</name>
    <message>
        <source>Open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash in the drawer now, e.g. 150</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash &amp;float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count the cash in the drawer and enter it as the float. Cash sales and refunds until you close the shift count on this till.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name the till, e.g. &quot;Counter 1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the cash float in euros, e.g. 150 or 150,00.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the shift…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentPanel</name>
    <message>
        <source>&amp;Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer name (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount tendered, e.g. 50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card terminal: approve (sandbox)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card terminal: decline (sandbox)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card terminal: insufficient funds (sandbox)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the amount tendered (at least %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · row %2 · seat %3 · %4 %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tendered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change due
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exact %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintedPage</name>
    <message>
        <source>The PDF file %1 cannot be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the pages could not be drawn</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsWindow</name>
    <message>
        <source>&amp;Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gross</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Price category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boxoffice — reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift &amp;closings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first day must not be after the last.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>A report covers at most %n days.</source>
        <translation>
            <numerusform>A report covers at most %n day.</numerusform>
            <numerusform>A report covers at most %n days.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) refunded</source>
        <translation>
            <numerusform>%n ticket refunded</numerusform>
            <numerusform>%n tickets refunded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Total: %n ticket(s), gross %1 (cash %2, card %3), refunds %4, net %5</source>
        <translation>
            <numerusform>Total: %n ticket, gross %1 (cash %2, card %3), refunds %4, net %5</numerusform>
            <numerusform>Total: %n tickets, gross %1 (cash %2, card %3), refunds %4, net %5</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shift(s) closed: expected %1, counted %2, difference %3</source>
        <translation>
            <numerusform>%n shift closed: expected %1, counted %2, difference %3</numerusform>
            <numerusform>%n shifts closed: expected %1, counted %2, difference %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 VAT: %2 (net of VAT %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScannerWindow</name>
    <message>
        <source>Boxoffice — door · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan a ticket, or type its code and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Door:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (offline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 admitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline: checking from this door&apos;s list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) to upload.</source>
        <translation>
            <numerusform>%n scan to upload.</numerusform>
            <numerusform>%n scans to upload.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ticket(s) were let in here after another door admitted them.</source>
        <translation>
            <numerusform>%n ticket was let in here after another door admitted it.</numerusform>
            <numerusform>%n tickets were let in here after another door admitted them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SeatMapView</name>
    <message>
        <source>Seat map</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>There are no %n adjacent free seats.</source>
        <translation>
            <numerusform>No %n free seat is left.</numerusform>
            <numerusform>There are no %n adjacent free seats.</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading the seat map…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an event.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◯ Wheelchair space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This seat is sold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This seat is held by someone else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>At most %n seats per sale.</source>
        <translation>
            <numerusform>At most %n seat per sale.</numerusform>
            <numerusform>At most %n seats per sale.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, row %2, seat %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wheelchair space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not for sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This seat is not for sale.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>blocked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask every time (counter) / PDF only (kiosk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kiosk idle reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket PDF folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new server or language takes effect at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftClosingDocument</name>
    <message>
        <source>Cash over %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash short %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift report (open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift closing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash float</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected in the drawer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature clerk / Signature manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBanner</name>
    <message>
        <source>Offline since %1 — showing saved data. Selling, holds and cancellations need the server; reconnecting automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updating the catalog: %1 of %2 events…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketDocument</name>
    <message>
        <source>%1, %2</source>
        <comment>date, time</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>address, city</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · Row %2 · Seat %3</source>
        <comment>section, row, seat</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>price category, price</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date of sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>seat (price category)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Booking %1 has no valid tickets to print.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REPRINT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt (reprint)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tendered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VAT ID %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>incl. VAT %1 on %2 (net %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketOutput</name>
    <message>
        <source>The ticket folder %1 cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The printer “%1” is not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print tickets %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TouchKeypad</name>
    <message>
        <source>Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⌫ Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaitingRoomPanel</name>
    <message>
        <source>This on-sale has a waiting room</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buyers are let in to pick seats in the order they came. The seat map opens by itself when it is your turn; you can look at other events meanwhile without losing your place.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Less than a minute to wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>About %n minute(s) to wait.</source>
        <translation>
            <numerusform>About %n minute to wait.</numerusform>
            <numerusform>About %n minutes to wait.</numerusform>
        </translation>
    </message>
    <message>
        <source>About %1 h %2 min to wait.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joining the queue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are number %1 in the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not join the queue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Boxoffice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalog editor is for admin accounts; %1 is not one. Sign in as an admin, or start without --admin.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
