#!/usr/bin/python3
"""The README's picture of the web shop: headless Chromium on a running
server with the demo catalog (scripts/screenshots.sh starts one).

    screenshot.py URL OUT.png [SEARCH]

Sells a few seats of the first hit through the API (so the map shows some
taken), opens the shop, searches for SEARCH (default "Faust"), opens
the hit and picks the best four seats, then saves the window."""
import json
import random
import shutil
import sys
import tempfile
import urllib.request
import uuid

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

url, out = sys.argv[1].rstrip("/"), sys.argv[2]
search = sys.argv[3] if len(sys.argv) > 3 else "Faust"


def call(method, path, body=None, headers=None):
    request = urllib.request.Request(url + path, method=method, headers={"Content-Type": "application/json",
                                                                          **(headers or {})})
    with urllib.request.urlopen(request, json.dumps(body).encode() if body else None) as response:
        return json.loads(response.read() or b"null")


event = call("GET", "/v1/event?q=" + urllib.request.quote(search))["events"][0]
token = call("POST", "/v1/auth/register", {"email": f"shot-{uuid.uuid4().hex[:8]}@example.org",
                                          "password": "a long secret", "name": "Screenshot"})["token"]
free = [t["id"] for t in call("GET", f"/v1/event/{event['id']}/tickets")["tickets"] if t["status"] == "available"]
pick = random.Random(7)
for _ in range(3):
    seats = pick.sample(free, 6)
    free = [t for t in free if t not in seats]
    call("POST", f"/v1/event/{event['id']}/bookings",
         {"ticket_ids": seats, "payment_details": {"method": "card", "card_token": "tok_sandbox_approve"}},
         {"Authorization": "Bearer " + token, "Idempotency-Key": str(uuid.uuid4())})

options = Options()
profile = tempfile.mkdtemp(prefix="shop-shot-")
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,860", "--lang=en-GB", "--hide-scrollbars", f"--user-data-dir={profile}"):
    options.add_argument(argument)
if shutil.which("chromium"):
    options.binary_location = shutil.which("chromium")
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
try:
    wait = WebDriverWait(driver, 20)
    driver.get(url + "/")
    wait.until(lambda d: d.find_element(By.ID, "search-q")).send_keys(search)


    def open_hit(d):
        # The list is redrawn as the search answers: click what stays.
        try:
            links = d.find_elements(By.CSS_SELECTOR, "#results a")
            if links and links[0].text == event["name"] and "…" not in d.find_element(By.ID, "search-status").text:
                links[0].click()
                return True
        except StaleElementReferenceException:
            pass
        return False
    wait.until(open_hit)
    wait.until(lambda d: d.find_element(By.ID, "live-status").text == "Live")
    Select(driver.find_element(By.ID, "best-count")).select_by_value("4")
    driver.find_element(By.ID, "best-available").click()
    driver.execute_script("document.activeElement.blur()")
    driver.save_screenshot(out)
finally:
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
