#!/usr/bin/python3
"""The web shop in a real browser: headless Chromium driven by Selenium
against a real boxoffice-server, Postgres and Redis (issue 15).

tst_web_shop starts the stack, imports one event per test and runs
    shop_test.py <TestName>
with SHOP_URL (the server) and SHOP_EVENTS (a JSON object: test name ->
{"id": event id, "name": event name}). The API is also called directly, as
"someone else" and to check what the server recorded.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
import uuid

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

URL = os.environ.get("SHOP_URL", "http://127.0.0.1:8080").rstrip("/")
EVENTS = json.loads(os.environ.get("SHOP_EVENTS", "{}"))
ARTIFACTS = os.environ.get("SHOP_ARTIFACTS", "")


def api(method, path, body=None, token=None, headers=None):
    """One call of the JSON API: (status, parsed body)."""
    request = urllib.request.Request(URL + path, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(request, data, timeout=20) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        text = error.read()
        return error.code, json.loads(text) if text else None


def someone_else():
    status, answer = api("POST", "/v1/auth/register",
                         {"email": f"other-{uuid.uuid4().hex[:10]}@example.org",
                          "password": "a long secret", "name": "Someone Else"})
    assert status == 201, answer
    return answer["token"]


def buy_elsewhere(event_id, ticket_ids):
    status, answer = api("POST", f"/v1/event/{event_id}/bookings",
                         {"ticket_ids": ticket_ids,
                          "payment_details": {"method": "card", "card_token": "tok_sandbox_approve"}},
                         token=someone_else(), headers={"Idempotency-Key": str(uuid.uuid4())})
    assert status == 201, answer
    return answer


def decode_qr(png):
    """The texts zbarimg reads from a PNG."""
    with tempfile.NamedTemporaryFile(suffix=".png") as image:
        image.write(png)
        image.flush()
        result = subprocess.run(["zbarimg", "--quiet", "--raw", image.name],
                                capture_output=True, text=True, timeout=30)
    return [line for line in result.stdout.splitlines() if line]


class Shop(unittest.TestCase):
    width, height, language = 1280, 900, "en-GB"

    def setUp(self):
        options = Options()
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         f"--window-size={self.width},{self.height}", f"--lang={self.language}"):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"intl.accept_languages": self.language})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        binary = shutil.which("chromium")
        if binary:
            options.binary_location = binary
        self.profile = tempfile.mkdtemp(prefix="shop-test-")
        options.add_argument(f"--user-data-dir={self.profile}")
        self.driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        self.driver.set_window_size(self.width, self.height)
        # Pages are redrawn as answers arrive: an element found a moment ago
        # may be gone; the condition is then asked again.
        self.wait = WebDriverWait(self.driver, 20, ignored_exceptions=[StaleElementReferenceException])

    def tearDown(self):
        failed = any(error for _, error in getattr(self._outcome, "errors", []) if error) or \
            (hasattr(self._outcome, "result") and (self._outcome.result.failures or self._outcome.result.errors))
        if failed and ARTIFACTS:
            os.makedirs(ARTIFACTS, exist_ok=True)
            self.driver.save_screenshot(os.path.join(ARTIFACTS, f"{self.id()}.png"))
        logs = self.driver.get_log("browser")
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)
        severe = [entry for entry in logs if entry["level"] == "SEVERE" and "favicon" not in entry["message"]
                  and "Failed to load resource" not in entry["message"]]
        self.assertEqual(severe, [], "the browser's console reported errors")

    # ---- helpers -----------------------------------------------------------

    def event(self, key):
        return EVENTS[key]["id"], EVENTS[key]["name"]

    def js(self, script, *arguments):
        return self.driver.execute_script(script, *arguments)

    def by_id(self, element_id):
        return self.wait.until(lambda d: d.find_element(By.ID, element_id))

    def until(self, condition, message=""):
        try:
            return self.wait.until(lambda d: condition())
        except TimeoutException:
            self.fail(f"timed out waiting: {message}")

    def token(self):
        session = self.js("return sessionStorage.getItem('boxoffice.session')")
        return json.loads(session)["token"] if session else None

    def open(self, path="/"):
        self.driver.get(URL + path)

    def search_and_open(self, name):
        box = self.by_id("search-q")
        box.send_keys(name)

        def only_hit():
            # The list before the search answered may hold it too: wait for
            # the answer to the whole name, then click (again if redrawn).
            links = self.driver.find_elements(By.CSS_SELECTOR, "#results a")
            try:
                if len(links) == 1 and links[0].text == name:
                    links[0].click()
                    return True
            except StaleElementReferenceException:
                pass
            return False
        self.until(only_hit, f"the search to find {name}")
        self.until(lambda: self.driver.find_elements(By.CSS_SELECTOR, ".seat"), "the seat map")

    def seats(self, status):
        return self.driver.find_elements(By.CSS_SELECTOR, f'.seat[data-status="{status}"]')

    def seat(self, ticket_id):
        return self.driver.find_element(By.CSS_SELECTOR, f'.seat[data-id="{ticket_id}"]')

    def wait_live(self):
        self.until(lambda: self.by_id("live-status").text in ("Live",), "the stream to be live")

    def pick_best(self, count):
        Select(self.by_id("best-count")).select_by_value(str(count))
        self.by_id("best-available").click()
        self.until(lambda: len(self.seats("selected")) == count, f"{count} seats to be picked")
        return [int(seat.get_attribute("data-id")) for seat in self.seats("selected")]

    def sign_up(self, name="Web Buyer"):
        email = f"buyer-{uuid.uuid4().hex[:10]}@example.org"
        self.by_id("account-name").send_keys(name)
        self.by_id("account-email").send_keys(email)
        self.by_id("account-password").send_keys("a long secret")
        self.by_id("account-submit").click()
        return email

    def pay(self, token="tok_sandbox_approve"):
        Select(self.by_id("pay-card")).select_by_value(token)
        self.by_id("pay").click()

    def check_confirmation(self, picked):
        code = self.until(lambda: self.driver.find_element(By.ID, "booking-code").text
                          if self.driver.find_elements(By.ID, "booking-code") else None, "the confirmation")
        booking_id = int(self.driver.current_url.rsplit("/", 1)[1])
        status, booking = api("GET", f"/v1/bookings/{booking_id}", token=self.token())
        self.assertEqual(status, 200, booking)
        self.assertEqual(booking["code"], code)
        self.assertEqual(booking["status"], "confirmed")
        self.assertEqual(sorted(t["id"] for t in booking["tickets"]), sorted(picked))
        codes = self.driver.find_elements(By.CSS_SELECTOR, "svg.qr")
        self.assertEqual(len(codes), len(picked))
        # Each ticket's QR code holds that ticket's own secret, as issued:
        # what the door admits once.
        secrets = [t["secret"] for t in booking["tickets"]]
        self.assertTrue(all(len(secret) == 20 for secret in secrets), secrets)
        decoded = []
        for qr in codes:
            self.js("arguments[0].scrollIntoView()", qr)
            decoded += decode_qr(qr.screenshot_as_png)
        self.assertEqual(sorted(decoded), sorted(secrets), "each ticket's QR code holds what the server issued")
        return booking


class TestPurchase(Shop):
    def test_whole_purchase(self):
        event_id, name = self.event("purchase")
        self.open()
        self.search_and_open(name)
        self.wait_live()
        picked = self.pick_best(2)
        # The best two: next to each other in the dearest category.
        tickets = {t["id"]: t for t in api("GET", f"/v1/event/{event_id}/tickets")[1]["tickets"]}
        self.assertEqual({tickets[i]["row"] for i in picked}, {"B1"})
        self.assertEqual(abs(tickets[picked[0]]["seat"] - tickets[picked[1]]["seat"]), 1)
        self.by_id("continue").click()
        self.sign_up()
        countdown = self.by_id("hold-countdown")
        self.until(lambda: "reserved for" in countdown.text, "the hold's countdown")
        first = countdown.text
        self.until(lambda: countdown.text != first, "the countdown to count")
        self.pay()
        self.check_confirmation(picked)
        # My bookings lists it, with a cancel button.
        self.driver.find_element(By.LINK_TEXT, "My bookings").click()
        self.until(lambda: self.driver.find_elements(By.CSS_SELECTOR, "#bookings li"), "my bookings")
        self.assertEqual(len(self.driver.find_elements(By.CSS_SELECTOR, "#bookings .cancel")), 1)


class TestCancel(Shop):
    def test_cancel_in_my_bookings(self):
        event_id, name = self.event("cancel")
        self.open(f"/#/event/{event_id}")
        self.wait_live()
        picked = self.pick_best(2)
        self.by_id("continue").click()
        self.sign_up()
        self.by_id("hold-countdown")
        self.pay()
        booking = self.check_confirmation(picked)
        self.driver.find_element(By.LINK_TEXT, "My bookings").click()
        cancel = self.until(lambda: next(iter(self.driver.find_elements(By.CSS_SELECTOR, "#bookings .cancel")), None),
                            "the cancel button")
        cancel.click()
        # Asked twice: the first press only arms it.
        self.assertIn("Really cancel", cancel.text)
        self.assertEqual(api("GET", f"/v1/bookings/{booking['id']}", token=self.token())[1]["status"], "confirmed")
        cancel.click()
        self.until(lambda: "cancelled" in self.driver.find_element(By.CSS_SELECTOR, "#bookings li").text
                   and not self.driver.find_elements(By.CSS_SELECTOR, "#bookings .cancel"), "the cancelled booking")
        status, after = api("GET", f"/v1/bookings/{booking['id']}", token=self.token())
        self.assertEqual(after["status"], "cancelled")
        tickets = {t["id"]: t for t in api("GET", f"/v1/event/{event_id}/tickets")[1]["tickets"]}
        self.assertEqual({tickets[i]["status"] for i in picked}, {"available"}, "the seats are on sale again")


class TestCancelledEvent(Shop):
    def test_a_cancelled_event_says_so_and_sells_nothing(self):
        """An event the venue cancelled (POST /v1/event/{id}/cancel) stays
        in the search, marked, and its page says why; no seat can be picked."""
        event_id, name = self.event("gone")
        status, answer = api("POST", f"/v1/event/{event_id}/cancel", {"reason": "The hall is flooded."},
                             token=os.environ["SHOP_ADMIN_TOKEN"])
        self.assertEqual(status, 200, answer)
        self.open()
        self.by_id("search-q").send_keys(name)

        def marked():
            # The list is redrawn as answers arrive: look again when it was.
            try:
                return any(name in card.text and "Cancelled" in card.find_element(By.CSS_SELECTOR, ".left").text
                           for card in self.driver.find_elements(By.CSS_SELECTOR, "#results .card"))
            except StaleElementReferenceException:
                return False
        self.until(marked, "the event in the results, marked cancelled")

        def opened():
            try:
                links = [a for a in self.driver.find_elements(By.CSS_SELECTOR, "#results a") if a.text == name]
                if len(links) == 1:
                    links[0].click()
                    return True
            except StaleElementReferenceException:
                pass
            return False
        self.until(opened, "the event's page")
        notice = self.by_id("event-cancelled")
        self.assertIn("The hall is flooded.", notice.text)
        self.until(lambda: self.seats("blocked"), "the seat map, every seat off sale")
        self.assertEqual(self.seats("available"), [])
        seat = self.seats("blocked")[0]
        self.assertEqual(seat.get_attribute("aria-disabled"), "true")
        seat.click()
        self.assertEqual(self.seats("selected"), [])


class TestDeclinedCard(Shop):
    def test_declined_card_keeps_the_hold(self):
        event_id, name = self.event("declined")
        self.open(f"/#/event/{event_id}")
        self.wait_live()
        picked = self.pick_best(2)
        self.by_id("continue").click()
        self.sign_up()
        self.by_id("hold-countdown")
        name_field = self.by_id("pay-name")
        name_field.clear()
        name_field.send_keys("Dora Declined")
        self.pay("tok_sandbox_decline")
        alert = self.until(lambda: next((a for a in self.driver.find_elements(By.CSS_SELECTOR, ".alert")
                                         if a.is_displayed()), None), "the decline message")
        self.assertEqual(alert.get_attribute("data-code"), "card_declined")
        self.assertIn("declined", alert.text)
        # Nothing sold, the seats still held, the countdown running, the name kept.
        tickets = {t["id"]: t for t in api("GET", f"/v1/event/{event_id}/tickets")[1]["tickets"]}
        self.assertEqual({tickets[i]["status"] for i in picked}, {"held"})
        self.assertIn("reserved for", self.by_id("hold-countdown").text)
        self.assertEqual(self.by_id("pay-name").get_attribute("value"), "Dora Declined")
        # Another card buys the same hold.
        self.pay("tok_sandbox_approve")
        booking = self.check_confirmation(picked)
        self.assertEqual(booking["customer_name"], "Dora Declined")


class TestLiveMap(Shop):
    def test_seat_sold_elsewhere_turns_grey(self):
        event_id, _ = self.event("live")
        self.open(f"/#/event/{event_id}")
        self.wait_live()
        self.js("window.noReload = true")
        free = [int(s.get_attribute("data-id")) for s in self.seats("available")]
        # A seat sold elsewhere: grey at once, no reload.
        buy_elsewhere(event_id, [free[0]])
        self.until(lambda: self.seat(free[0]).get_attribute("data-status") == "sold", "the seat to turn sold")
        colour = self.js("return getComputedStyle(arguments[0]).backgroundColor", self.seat(free[0]))
        r, g, b = [int(x) for x in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]
        self.assertTrue(r == g == b, f"a sold seat is grey, not {colour}")
        self.assertEqual(self.seat(free[0]).get_attribute("aria-disabled"), "true")
        self.assertTrue(self.js("return window.noReload === true"), "the page was not reloaded")
        # A picked seat sold elsewhere is dropped, with a message.
        self.seat(free[1]).click()
        self.assertEqual(self.seat(free[1]).get_attribute("data-status"), "selected")
        buy_elsewhere(event_id, [free[1]])
        self.until(lambda: self.seat(free[1]).get_attribute("data-status") == "sold", "the picked seat to go")
        self.until(lambda: any("taken by someone else" in a.text for a in
                               self.driver.find_elements(By.CSS_SELECTOR, ".alert")), "the lost-seat message")
        # A gap: one push is lost, the next one's version skips; the map
        # fetches ?since= and ends with both seats sold.
        self.js("const l = window.boxofficeSeatMap.live; l.realReceive = l.receive; l.receive = () => {};")
        buy_elsewhere(event_id, [free[2]])
        time.sleep(1)
        self.assertEqual(self.seat(free[2]).get_attribute("data-status"), "available", "the push was dropped")
        self.js("const l = window.boxofficeSeatMap.live; l.receive = l.realReceive;")
        buy_elsewhere(event_id, [free[3]])
        self.until(lambda: self.seat(free[2]).get_attribute("data-status") == "sold", "the gap to be filled")
        self.until(lambda: self.seat(free[3]).get_attribute("data-status") == "sold", "the map to converge")
        self.assertTrue(self.js("return performance.getEntriesByType('resource')"
                                ".some(e => e.name.includes('/tickets?since='))"), "converged with ?since=")
        # The stream itself drops while a seat is sold: on reconnecting the
        # map catches up.
        self.js("const l = window.boxofficeSeatMap.live; l.receive = () => {}; l.socket.close();"
                "setTimeout(() => { l.receive = l.realReceive; }, 300);")
        buy_elsewhere(event_id, [free[4]])
        self.until(lambda: self.seat(free[4]).get_attribute("data-status") == "sold", "the map to catch up")
        self.until(lambda: self.by_id("live-status").text == "Live", "the stream to be back")
        status, now = api("GET", f"/v1/event/{event_id}/tickets")
        self.assertEqual(self.js("return window.boxofficeSeatMap.live.version"), now["version"])
        shown = {int(s.get_attribute("data-id")) for s in self.seats("sold")}
        self.assertEqual(shown, {t["id"] for t in now["tickets"] if t["status"] == "sold"})
        self.assertTrue(self.js("return window.noReload === true"), "the page was not reloaded")


class TestPhone(Shop):
    width, height = 390, 844

    def test_phone_sized_window(self):
        event_id, name = self.event("phone")
        self.open()
        self.search_and_open(name)
        self.wait_live()
        # Nothing wider than the screen but the seat map, which scrolls in place.
        self.assertLessEqual(self.js("return document.documentElement.scrollWidth"),
                             self.js("return window.innerWidth"))
        basket = self.driver.find_element(By.CSS_SELECTOR, ".basket").rect
        plan = self.driver.find_element(By.CSS_SELECTOR, ".map-scroll").rect
        self.assertLessEqual(basket["y"] + basket["height"], plan["y"] + 1,
                             "the basket comes first, above the map")
        self.assertLessEqual(self.by_id("continue").rect["y"], self.height * 1.5, "Continue is near the top")
        seat = self.driver.find_element(By.CSS_SELECTOR, ".seat").rect
        self.assertGreaterEqual(seat["width"], 24, "seats stay big enough to tap")
        picked = self.pick_best(1)
        self.by_id("continue").click()
        self.sign_up()
        self.by_id("hold-countdown")
        self.assertLessEqual(self.js("return document.documentElement.scrollWidth"),
                             self.js("return window.innerWidth"))
        self.pay()
        self.check_confirmation(picked)
        if ARTIFACTS:
            self.driver.save_screenshot(os.path.join(ARTIFACTS, "phone.png"))


class TestGerman(Shop):
    language = "de-DE"

    def test_german(self):
        event_id, name = self.event("german")
        self.open()
        self.assertEqual(self.by_id("main").find_element(By.TAG_NAME, "h1").text, "Veranstaltung finden")
        self.assertEqual(self.js("return document.documentElement.lang"), "de")
        self.search_and_open(name)
        self.until(lambda: self.by_id("live-status").text == "Live", "live")
        self.assertEqual(self.by_id("best-available").text, "Beste 2 wählen")
        label = self.driver.find_element(By.CSS_SELECTOR, ".seat").get_attribute("aria-label")
        self.assertIn("Reihe", label)
        self.assertIn("€", label)
        self.pick_best(2)
        self.by_id("continue").click()
        # An e-mail already taken: a German message, and nothing typed lost.
        self.by_id("account-name").send_keys("Greta Gast")
        self.by_id("account-email").send_keys(self.taken_email())
        self.by_id("account-password").send_keys("ein langes Geheimnis")
        self.by_id("account-submit").click()
        alert = self.until(lambda: next((a for a in self.driver.find_elements(By.CSS_SELECTOR, ".alert")
                                         if a.is_displayed()), None), "the error")
        self.assertIn("Mit dieser E-Mail gibt es bereits ein Konto", alert.text)
        self.assertEqual(self.by_id("account-name").get_attribute("value"), "Greta Gast")
        # Switching the language rewrites the page and keeps the typing.
        Select(self.by_id("language")).select_by_value("en")
        self.until(lambda: "There is already an account" in alert.text, "the English message")
        self.assertEqual(self.by_id("account-name").get_attribute("value"), "Greta Gast")
        self.assertEqual(self.by_id("account-password").get_attribute("value"), "ein langes Geheimnis")
        self.assertEqual(self.js("return document.documentElement.lang"), "en")
        Select(self.by_id("language")).select_by_value("de")
        self.assertEqual(self.by_id("account-submit").text, "Konto anlegen")

    def taken_email(self):
        email = f"taken-{uuid.uuid4().hex[:10]}@example.org"
        status, _ = api("POST", "/v1/auth/register", {"email": email, "password": "a long secret", "name": "X"})
        self.assertEqual(status, 201)
        return email


class TestWaitingRoom(Shop):
    def test_queue_then_buy(self):
        event_id, _ = self.event("queue")
        status, room = api("PUT", f"/v1/event/{event_id}/queue", {"enabled": True, "admit_per_second": 0.2},
                           token=os.environ["SHOP_ADMIN_TOKEN"])
        self.assertEqual(status, 200, room)
        self.open(f"/#/event/{event_id}")
        self.wait_live()
        picked = self.pick_best(2)
        self.by_id("continue").click()
        self.sign_up()
        # The hold is refused without a pass: the shop queues the buyer...
        self.until(lambda: "/queue/" in self.driver.current_url, "the waiting room")
        self.assertEqual(self.driver.find_element(By.TAG_NAME, "h1").text, "Waiting room")
        position = self.by_id("queue-position")
        self.until(lambda: "Your place in the queue" in position.text or "your turn" in position.text,
                   "the place in the queue")
        # ...and once admitted holds the seats with its pass and sells them.
        self.until(lambda: self.driver.find_elements(By.ID, "hold-countdown"), "the hold after admission")
        self.assertTrue(self.js("return Object.keys(JSON.parse(sessionStorage.getItem('boxoffice.passes')))"
                                ".includes(String(arguments[0]))", event_id))
        self.pay()
        self.check_confirmation(picked)


class TestQrCode(Shop):
    def test_codes_of_every_length_decode(self):
        """The shop's own QR encoder (versions 1 to 3, level M), read back
        by zbarimg: what a ticket secret longer than a booking code needs."""
        self.open()
        self.by_id("search-q")
        texts = ["A", "EMTK5LLV", "12345678901234", "123456789012345", "tkt_" + "x" * 22,
                 "Ünïcödé ticket 7", "ticket-secret-" + uuid.uuid4().hex[:28]]
        for text in texts:
            self.driver.execute_async_script("""
                const done = arguments[arguments.length - 1];
                import('/js/qr.js').then(({ qrSvg }) => {
                  document.getElementById('qr-probe')?.remove();
                  const box = document.createElement('div');
                  box.id = 'qr-probe';
                  box.append(qrSvg(arguments[0], 'probe'));
                  document.body.prepend(box);
                  done();
                });""", text)
            probe = self.driver.find_element(By.CSS_SELECTOR, "#qr-probe svg")
            self.assertEqual(decode_qr(probe.screenshot_as_png), [text], f"{len(text.encode())} bytes")


class TestSearch(Shop):
    def test_search_as_you_type_with_city_and_dates(self):
        _, name = self.event("purchase")
        self.open()
        box = self.by_id("search-q")
        results = lambda: [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, "#results a")]
        searches = lambda: self.js("return performance.getEntriesByType('resource')"
                                   ".filter(e => e.name.includes('/v1/event?')).map(e => e.name)")
        self.until(lambda: searches(), "the first list")
        before = len(searches())
        box.send_keys("Webshop Nachtkonz")
        self.until(lambda: len(results()) >= 7 and all(r.startswith("Webshop ") for r in results()),
                   "the shop's test events")
        # Debounced: one search for a burst of typing, not one per key.
        time.sleep(0.6)
        self.assertLessEqual(len(searches()) - before, 3, searches())
        city = self.by_id("search-city")
        city.send_keys("Berlin")
        self.until(lambda: not results() and "No events" in self.by_id("search-status").text, "no events in Berlin")
        city.clear()
        city.send_keys("Hamburg")
        self.until(lambda: name in results(), "the events in Hamburg")
        self.assertIn("location=Hamburg", searches()[-1])
        # The events are 30 days ahead: from 60 days on there are none, until
        # 60 days they are all there.
        def set_date(element_id, days):
            when = time.strftime("%Y-%m-%d", time.gmtime(time.time() + days * 86400))
            self.js("const i = document.getElementById(arguments[0]); i.value = arguments[1];"
                    "i.dispatchEvent(new Event('input', {bubbles: true}))", element_id, when)
        set_date("search-from", 60)
        self.until(lambda: not results(), "nothing from 60 days on")
        set_date("search-from", 1)
        set_date("search-to", 60)
        self.until(lambda: name in results(), "the events within 60 days")
        self.assertIn("date_from=", searches()[-1])
        self.assertIn("date_to=", searches()[-1])
        # What was typed survives a trip to an event and back.
        self.driver.find_element(By.LINK_TEXT, name).click()
        self.until(lambda: self.driver.find_elements(By.CSS_SELECTOR, ".seat"), "the event")
        self.driver.back()
        self.assertEqual(self.by_id("search-q").get_attribute("value"), "Webshop Nachtkonz")
        self.assertEqual(self.by_id("search-city").get_attribute("value"), "Hamburg")


class TestMessages(Shop):
    def test_every_error_code_has_a_message_in_both_languages(self):
        """docs/API.md's error table, each code a message of its own in
        English and German, and both languages with the same texts."""
        import re
        docs = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs", "API.md")
        codes = set()
        with open(docs, encoding="utf-8") as api_doc:
            for line in api_doc:
                if re.match(r"\| [45]\d\d \|", line):
                    codes.update(re.findall(r"`([a-z_]+)`", line.split("|")[2]))
        self.assertGreater(len(codes), 30)
        self.open()
        self.by_id("search-q")
        languages = self.driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            import('/js/i18n.js').then(({ LANGUAGES }) =>
              done({ en: Object.keys(LANGUAGES.en), de: Object.keys(LANGUAGES.de) }));""")
        self.assertEqual(sorted(languages["en"]), sorted(languages["de"]))
        missing = sorted(code for code in codes if f"error.{code}" not in languages["en"])
        self.assertEqual(missing, [], "error codes without a message")


class TestKeyboard(Shop):
    def keys(self, *keys):
        ActionChains(self.driver).send_keys(*keys).perform()

    def active(self):
        return self.driver.switch_to.active_element

    def tab_to(self, matches, limit=60, what=""):
        for _ in range(limit):
            if matches(self.active()):
                return self.active()
            self.keys(Keys.TAB)
        self.fail(f"Tab never reached {what}")

    def test_keyboard_only_purchase(self):
        event_id, name = self.event("keyboard")
        self.open()
        self.until(lambda: self.active().get_attribute("id") == "search-q", "the search box to have focus")
        self.keys(name)
        self.until(lambda: self.driver.find_elements(By.LINK_TEXT, name), "the result")
        self.tab_to(lambda e: e.text == name, what="the event")
        self.keys(Keys.ENTER)
        self.until(lambda: self.driver.find_elements(By.CSS_SELECTOR, ".seat"), "the seat map")
        self.wait_live()
        self.tab_to(lambda e: "seat" in (e.get_attribute("class") or ""), what="the seat map")
        # Into the stalls, two seats along, pick two next to each other.
        self.keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
        first = int(self.active().get_attribute("data-id"))
        self.keys(Keys.SPACE, Keys.ARROW_RIGHT, Keys.SPACE)
        second = int(self.active().get_attribute("data-id"))
        self.assertNotEqual(first, second)
        self.until(lambda: len(self.seats("selected")) == 2, "two seats picked by keyboard")
        self.assertEqual(self.seat(first).get_attribute("aria-pressed"), "true")
        self.tab_to(lambda e: e.get_attribute("id") == "continue", what="Continue")
        self.keys(Keys.ENTER)
        self.until(lambda: self.active().get_attribute("id") == "account-name", "the sign-up form")
        self.keys("Kim Keys", Keys.TAB, f"kim-{uuid.uuid4().hex[:8]}@example.org", Keys.TAB, "a long secret", Keys.ENTER)
        self.until(lambda: self.active().get_attribute("id") == "pay-card", "the payment form")
        self.tab_to(lambda e: e.get_attribute("id") == "pay", what="Pay")
        self.keys(Keys.ENTER)
        self.check_confirmation([first, second])


if __name__ == "__main__":
    names = sys.argv[1:]
    loader = unittest.TestLoader()
    suite = unittest.TestSuite(loader.loadTestsFromName(name, sys.modules[__name__]) for name in names) \
        if names else loader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
