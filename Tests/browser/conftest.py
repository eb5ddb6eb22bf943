"""Fixtures for Pingan's browser tests: Debian's headless Chromium driven by Selenium.

The server under test is given by PINGAN_BASE_URL (scripts/browser-test starts one on a fresh
demo database). Selenium Manager is kept offline: the driver is /usr/bin/chromedriver.
"""
import json
import os
import urllib.error
import urllib.request
from pathlib import Path

os.environ.setdefault("SE_OFFLINE", "true")

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
DEMO_PASSWORD = os.environ.get("PINGAN_DEMO_PASSWORD", "pingan-demo")
WAIT_SECONDS = float(os.environ.get("PINGAN_BROWSER_WAIT", "20"))


@pytest.fixture(scope="session")
def base_url():
    url = os.environ.get("PINGAN_BASE_URL")
    if not url:
        pytest.fail("PINGAN_BASE_URL is not set: run the tests through scripts/browser-test")
    return url.rstrip("/")


def make_driver(width=1400, height=900):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN",
                 f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    driver.set_window_size(width, height)
    return driver


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


@pytest.fixture
def driver(request):
    drv = make_driver()
    yield drv
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        shot(drv, f"FAILED-{request.node.name}")
        for entry in drv.get_log("browser"):
            print("browser:", entry.get("level"), entry.get("message"))
    drv.quit()


def shot(driver, name):
    """Saves a screenshot to out/screenshots/NAME.png (git-ignored) for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def wait(driver, condition, message="", seconds=None):
    # Pages re-render whole (the router swaps the page element), so an element a condition
    # just found can go stale before it is read; that means "not yet", not failure.
    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, seconds or WAIT_SECONDS, ignored_exceptions=ignored).until(condition, message)


def by_testid(testid):
    return (By.CSS_SELECTOR, f'[data-testid="{testid}"]')


def visible(driver, testid):
    return wait(driver, EC.visibility_of_element_located(by_testid(testid)), f"{testid} not visible")


def login(driver, base_url, username, password=DEMO_PASSWORD):
    """Opens the app, signs in through the form and waits for the shell."""
    driver.get(base_url + "/#/login")
    visible(driver, "login-username").send_keys(username)
    driver.find_element(*by_testid("login-password")).send_keys(password)
    driver.find_element(*by_testid("login-submit")).click()
    visible(driver, "user-name")


def wait_map_level(driver, level):
    """Waits until the map has finished drawing `level`; returns window.pinganMap.featureCount()."""
    wait(driver, lambda d: d.execute_script(
        "return !!window.pinganMap && window.pinganMap.level() === arguments[0] && !window.pinganMap.loading()",
        level), f"map never finished drawing level {level}")
    return driver.execute_script("return window.pinganMap.featureCount()")


def api_call(base_url, method, path, token=None, body=None):
    """Calls the API directly (outside the browser); returns (status, parsed JSON or None)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base_url + path, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
            return resp.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as err:
        raw = err.read()
        try:
            return err.code, json.loads(raw)
        except ValueError:
            return err.code, None


def api_token(base_url, username, password=DEMO_PASSWORD):
    status, body = api_call(base_url, "POST", "/api/v1/session", body={"username": username, "password": password})
    assert status == 200, f"API login of {username} failed: {status} {body}"
    return body["token"]
