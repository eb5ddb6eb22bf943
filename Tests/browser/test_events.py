"""Grid events and mediation (issue 4) in the browser.

One event walks 受理 → 立案 → 派遣 → 处置 → 核查 → 结案 with three users (grid worker on a 390 px phone,
the district centre, the department in charge); KPI numbers open lists of exactly that many events; the
inbox updates live; mediation cases move from 受理 to 已履行. Expectations are read from the API as the
same users, never copied from the code under test.
"""
import json
import re
import struct
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from conftest import api_call, api_token, by_testid, login, make_driver, shot, visible, wait

PHONE = (390, 844)
FLOW = ["received", "registered", "dispatched", "handling", "verifying", "closed"]
MASKED_PHONE = re.compile(r"^\d{3}\*{4}\d{4}$")


# ---- helpers ---------------------------------------------------------------------------------------
def get(base_url, token, path, **query):
    qs = urllib.parse.urlencode({k: v for k, v in query.items() if v not in (None, "")})
    status, body = api_call(base_url, "GET", path + (f"?{qs}" if qs else ""), token=token)
    assert status == 200, f"GET {path} {query}: {status} {body}"
    return body


def png_file(tmp_path, name="photo.png", size=24, rgb=(200, 40, 40)):
    """A small valid PNG written with the standard library."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    path = tmp_path / name
    path.write_bytes(png)
    return str(path)


def switch_user(driver, base_url, username, size=(1400, 900)):
    """Signs out locally and signs in as another user (one browser for the whole story)."""
    driver.set_window_size(*size)
    if driver.current_url.startswith(base_url):
        driver.execute_script("sessionStorage.clear()")
    driver.get("about:blank")  # the next load starts the app afresh, signed out
    login(driver, base_url, username)


def go(driver, base_url, hash_):
    driver.get(base_url + "/" + hash_)


def allow_geolocation(driver, base_url, lat, lng):
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base_url, "permissions": ["geolocation"]})
    driver.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": lat, "longitude": lng, "accuracy": 15})


def attr(driver, testid, name):
    try:
        return driver.find_element(*by_testid(testid)).get_attribute(name)
    except (NoSuchElementException, StaleElementReferenceException):
        return None


def wait_stage(driver, stage):
    wait(driver, lambda d: attr(d, "event-page", "data-stage") == stage,
         f"event page never reached stage {stage} (now {attr(driver, 'event-page', 'data-stage')})")


def run_action(driver, action, fields=None, photo=None):
    """Clicks an action button, fills its form and submits; waits for the dialog to close."""
    visible(driver, f"action-{action}").click()
    dialog = visible(driver, "action-dialog")
    assert dialog.get_attribute("data-action") == action
    for name, value in (fields or {}).items():
        el = dialog.find_element(*by_testid(f"field-{name}"))
        if el.tag_name == "select":
            Select(el).select_by_value(value)
        else:
            el.clear()
            el.send_keys(str(value))
    if photo:
        dialog.find_element(*by_testid("field-photos-input")).send_keys(photo)
        wait(driver, lambda d: len(d.find_elements(*by_testid("field-photos-preview"))) == 1, "photo preview missing")
    dialog.find_element(*by_testid("action-dialog-submit")).click()
    wait(driver, EC.invisibility_of_element_located(by_testid("action-dialog")), f"{action} dialog stayed open")


def wait_inbox(driver):
    wait(driver, lambda d: attr(d, "inbox-page", "data-loaded") == "true", "inbox never loaded")


def row_ids(driver):
    return driver.execute_script("return [...document.querySelectorAll('[data-testid=\"event-row\"]')].map(r => r.dataset.id)")


def click(driver, css, message=""):
    """Clicks the element matching css once it exists, looking it up again if the page redrew meanwhile."""
    def attempt(d):
        try:
            els = d.find_elements(By.CSS_SELECTOR, css)
            if els and els[0].is_displayed():
                d.execute_script("arguments[0].scrollIntoView({block: 'center'})", els[0])
                els[0].click()
                return True
        except StaleElementReferenceException:
            return False
        return False
    wait(driver, attempt, message or f"could not click {css}")


def pick_worker(base_url, centre):
    """A grid worker of the demo and a point inside their unit grid (its label point)."""
    root = get(base_url, centre, "/api/v1/me")["scopes"][0]["code"]
    queue = [root]
    while queue:
        node = get(base_url, centre, f"/api/v1/grids/{queue.pop(0)}")
        for w in node.get("workers") or []:
            code = w["username"].removeprefix("grid-")
            if w["username"].startswith("grid-") and len(code) == 15:
                grid = get(base_url, centre, f"/api/v1/grids/{code}")
                point = grid.get("labelPoint") or {"lat": (grid["bbox"][0] + grid["bbox"][2]) / 2, "lng": (grid["bbox"][1] + grid["bbox"][3]) / 2}
                return w["username"], grid, point
        queue.extend(c["code"] for c in node.get("children") or [])
    pytest.fail("the demo has no grid worker")


def pick_category(base_url, token):
    cats = get(base_url, token, "/api/v1/events/categories")["items"]
    assert cats, "no event categories"
    return next((c for c in cats if c.get("public") and c.get("departmentCode")), cats[0])


@pytest.fixture(scope="module")
def story(base_url):
    centre = api_token(base_url, "centre")
    username, grid, point = pick_worker(base_url, centre)
    category = pick_category(base_url, centre)
    return {"centre": centre, "worker": username, "grid": grid, "point": point, "category": category,
            "dept": f"dept-{category['departmentCode']}"}


# ---- the whole workflow ------------------------------------------------------------------------------
def test_event_from_report_to_closure(base_url, story, tmp_path):
    worker, grid, point, cat = story["worker"], story["grid"], story["point"], story["category"]
    centre = story["centre"]
    photo = png_file(tmp_path)
    text = f"浏览器测试 {uuid.uuid4().hex[:8]}：{cat['name']}，请尽快处理"
    driver = make_driver(*PHONE)
    try:
        # 1. The grid worker reports on the phone, located by GPS, with a photo.
        allow_geolocation(driver, base_url, point["lat"], point["lng"])
        switch_user(driver, base_url, worker, PHONE)
        go(driver, base_url, "#/events/report")
        visible(driver, "report-form")
        wait(driver, lambda d: attr(d, "report-position", "data-grid") == grid["code"], "GPS position not located in the worker's grid")
        driver.find_element(By.CSS_SELECTOR, f'[data-testid="report-group"][data-group="{cat["group"]}"]').click()
        driver.find_element(By.CSS_SELECTOR, f'[data-testid="report-category"][data-code="{cat["code"]}"]').click()
        driver.find_element(*by_testid("report-description")).send_keys(text)
        driver.find_element(*by_testid("report-photos-input")).send_keys(photo)
        wait(driver, lambda d: len(d.find_elements(*by_testid("report-photos-preview"))) == 1, "photo preview missing")
        key = attr(driver, "report-form", "data-idempotency-key")
        assert re.fullmatch(r"[0-9a-f-]{36}", key or ""), key
        shot(driver, "events-report-phone")
        driver.find_element(*by_testid("report-submit")).click()
        result = visible(driver, "report-result")
        event_id = result.get_attribute("data-id")
        shot(driver, "events-report-done-phone")

        ev = get(base_url, centre, f"/api/v1/events/{event_id}")
        assert driver.find_element(*by_testid("report-number")).text == ev["number"]
        assert ev["stage"] == "received" and ev["description"] == text and ev["category"]["code"] == cat["code"]
        assert ev["grid"]["code"] == grid["code"] and len(ev["photos"]) == 1
        assert ev["reporter"].get("username") == worker

        # 2. The centre finds it in the inbox (受理 tab), registers and dispatches to the category's department.
        switch_user(driver, base_url, "centre")
        go(driver, base_url, "#/events")
        wait_inbox(driver)
        driver.find_element(By.CSS_SELECTOR, '[data-testid="stage-tab"][data-stage="received"]').click()
        wait(driver, lambda d: event_id in row_ids(d), "new event not in the 受理 tab")
        counts = get(base_url, centre, "/api/v1/events", stage="received", limit=1)["stageCounts"]
        tab = driver.find_element(By.CSS_SELECTOR, '[data-testid="stage-tab"][data-stage="received"]')
        assert tab.get_attribute("data-count") == str(counts["received"])
        shot(driver, "events-inbox")
        driver.find_element(By.CSS_SELECTOR, f'[data-testid="event-row"][data-id="{event_id}"] [data-testid="event-link"]').click()
        wait_stage(driver, "received")
        run_action(driver, "register")
        wait_stage(driver, "registered")
        visible(driver, "action-dispatch").click()
        dept_select = visible(driver, "field-department")
        assert Select(dept_select).first_selected_option.get_attribute("value") == cat["departmentCode"], "dispatch does not default to the category's department"
        driver.find_element(*by_testid("action-dialog-cancel")).click()
        run_action(driver, "dispatch", {"department": cat["departmentCode"], "note": "请按时处置"})
        wait_stage(driver, "dispatched")
        shot(driver, "events-event-dispatched")

        # 3. The department accepts and feeds back with a photo.
        switch_user(driver, base_url, story["dept"])
        go(driver, base_url, "#/events")
        wait_inbox(driver)
        assert attr(driver, "inbox-page", "data-mode") == "department"
        driver.find_element(By.CSS_SELECTOR, '[data-testid="stage-tab"][data-stage="dispatched"]').click()
        wait(driver, lambda d: event_id in row_ids(d), "dispatched event not in the department's 待接收 tab")
        shot(driver, "events-department-tasks")
        go(driver, base_url, f"#/events/{event_id}")
        wait_stage(driver, "dispatched")
        actions = set(attr(driver, "event-actions", "data-actions").split())
        assert {"accept", "sendBack"} <= actions and "register" not in actions, actions
        run_action(driver, "accept")
        wait_stage(driver, "handling")
        run_action(driver, "feedback", {"note": "已到现场清理完毕"}, photo=photo)
        wait_stage(driver, "verifying")

        # 4. The grid worker verifies on the phone, seeing the feedback and its photo.
        switch_user(driver, base_url, worker, PHONE)
        go(driver, base_url, "#/events/mine")
        card_sel = f'[data-testid="verify-card"][data-id="{event_id}"]'
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'{card_sel} [data-testid="verify-pass"]'), "verify card missing")
        card = driver.find_element(By.CSS_SELECTOR, card_sel)
        assert "已到现场清理完毕" in card.find_element(*by_testid("verify-feedback")).text
        wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f'{card_sel} [data-testid="verify-photo"]').get_attribute("data-loaded") == "true",
             "feedback photo never loaded")
        shot(driver, "events-mine-phone")
        card.find_element(*by_testid("verify-pass")).click()
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, f'{card_sel} [data-testid="verify-done"]'), "verification not shown")

        # 5. The centre closes; the page shows every step and the history has each of them.
        switch_user(driver, base_url, "centre")
        go(driver, base_url, f"#/events/{event_id}")
        wait_stage(driver, "verifying")
        run_action(driver, "close")
        wait_stage(driver, "closed")
        states = [s.get_attribute("data-state") for s in driver.find_elements(By.CSS_SELECTOR, '[data-testid="event-steps"] li')]
        assert states == ["done"] * len(FLOW), states
        ev = get(base_url, centre, f"/api/v1/events/{event_id}")
        steps = [x["action"] for x in ev["history"] if x["action"] not in ("warn", "escalate")]
        assert steps == ["report", "register", "dispatch", "accept", "feedback", "verify", "close"], steps
        shown = [(e.get_attribute("data-action"), e.find_element(*by_testid("history-actor")).text)
                 for e in driver.find_elements(*by_testid("history-entry"))]
        assert [a for a, _ in shown] == [x["action"] for x in ev["history"]]
        for (_, actor), x in zip(shown, ev["history"]):
            assert actor.startswith(x["actor"]["name"]), (actor, x["actor"])
        assert len(driver.find_elements(*by_testid("event-photo"))) == len(ev["photos"]) == 2
        shot(driver, "events-event-closed")

        # 6. The KPI of the worker's grid for the report's day counts it, and its list shows it.
        day = ev["reportedAt"][:10]
        go(driver, base_url, f"#/events/kpis?grid={grid['code']}&from={day}&to={day}")
        wait(driver, lambda d: attr(d, "kpi-page", "data-loaded") == "true", "KPI page never loaded")
        kpis = get(base_url, centre, "/api/v1/events/kpis", grid=grid["code"], **{"from": day, "to": day})
        closed = driver.find_element(By.CSS_SELECTOR, '[data-testid="kpi-figure"][data-kpi="closed"]')
        assert closed.text == str(kpis["closed"]) and kpis["closed"] >= 1
        closed.click()
        wait_inbox(driver)
        assert attr(driver, "kpi-banner", "data-kpi") == "closed"
        assert attr(driver, "inbox-page", "data-total") == str(kpis["closed"])
        assert event_id in row_ids(driver)
    finally:
        driver.quit()


# ---- KPI numbers ---------------------------------------------------------------------------------------
def test_kpi_numbers_open_lists_of_that_many_events(driver, base_url, story):
    centre = story["centre"]
    # At least one event this month, whatever the demo holds (so some cell is between 1 and 50).
    status, _ = post_with_key(base_url, api_token(base_url, story["worker"]), {
        "category": story["category"]["code"], "severity": "normal", "description": "考核指标测试", "lat": story["point"]["lat"],
        "lng": story["point"]["lng"], "crs": "wgs84", "photos": []}, str(uuid.uuid4()))
    assert status == 201
    login(driver, base_url, "centre")
    go(driver, base_url, "#/events/kpis?by=department")
    wait(driver, lambda d: attr(d, "kpi-page", "data-loaded") == "true", "KPI page never loaded")
    page = driver.find_element(*by_testid("kpi-page"))
    q = {"grid": page.get_attribute("data-grid"), "from": page.get_attribute("data-from"), "to": page.get_attribute("data-to")}
    kpis = get(base_url, centre, "/api/v1/events/kpis", **q)
    figures = {f.get_attribute("data-kpi"): f.text for f in driver.find_elements(*by_testid("kpi-figure"))}
    for key in ("reported", "closed", "closedOnTime", "reworked", "extended"):
        assert figures[key] == str(kpis[key]), (key, figures[key], kpis[key])
    breakdown = get(base_url, centre, "/api/v1/events/kpis/breakdown", by="department", **q)
    shown_rows = [r.get_attribute("data-key") for r in driver.find_elements(*by_testid("kpi-row"))]
    assert shown_rows == [i["key"] for i in breakdown["items"]]
    shot(driver, "events-kpis")

    # A breakdown cell small enough for one page: the list has exactly that many rows.
    cells = [c for c in driver.find_elements(*by_testid("kpi-cell"))
             if c.get_attribute("data-kpi") in ("reported", "closed") and c.text.isdigit() and 1 <= int(c.text) <= 50]
    assert cells, "no KPI cell between 1 and 50"
    cell = cells[0]
    value = int(cell.text)
    cell.click()
    wait_inbox(driver)
    assert len(driver.find_elements(*by_testid("event-row"))) == value
    assert driver.find_element(*by_testid("list-total-value")).text == str(value)
    shot(driver, "events-kpi-list")

    # The headline number: the list's total is that number (it may span several pages).
    driver.back()
    wait(driver, lambda d: attr(d, "kpi-page", "data-loaded") == "true", "KPI page never reloaded")
    reported = driver.find_element(By.CSS_SELECTOR, '[data-testid="kpi-figure"][data-kpi="reported"]')
    value = reported.text
    reported.click()
    wait_inbox(driver)
    assert driver.find_element(*by_testid("list-total-value")).text == value


# ---- live inbox, idempotent report, problems in forms ---------------------------------------------------
def test_inbox_updates_live_and_shows_conflicts(driver, base_url, story):
    worker_token = api_token(base_url, story["worker"])
    centre = story["centre"]
    login(driver, base_url, "centre")
    go(driver, base_url, "#/events")
    wait_inbox(driver)
    wait(driver, lambda d: attr(d, "live-status", "data-live") == "true", "event stream never connected")
    before = int(driver.find_element(By.CSS_SELECTOR, '[data-testid="stage-tab"][data-stage="received"]').get_attribute("data-count"))
    driver.execute_script("window.__sameDocument = true")

    body = {"category": story["category"]["code"], "severity": "urgent", "description": "实时推送测试", "lat": story["point"]["lat"],
            "lng": story["point"]["lng"], "crs": "wgs84", "photos": []}
    key = str(uuid.uuid4())
    first = post_with_key(base_url, worker_token, body, key)
    assert first[0] == 201, first
    again = post_with_key(base_url, worker_token, body, key)
    assert again[0] == 200 and again[1]["id"] == first[1]["id"], "a retry with the same Idempotency-Key filed a second event"
    number = first[1]["number"]

    wait(driver, lambda d: number in (d.find_element(By.ID, "toast").text or ""), "no toast for the new event")
    wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="stage-tab"][data-stage="received"]').get_attribute("data-count") == str(before + 1),
         "the 受理 count did not rise by one")
    assert driver.execute_script("return window.__sameDocument === true"), "the page reloaded"
    shot(driver, "events-inbox-live")

    # A stale page: someone else registers first; the second 立案 shows the server's 409 in the form.
    go(driver, base_url, f"#/events/{first[1]['id']}")
    wait_stage(driver, "received")
    status, _ = api_call(base_url, "POST", f"/api/v1/events/{first[1]['id']}/actions", token=centre, body={"action": "register"})
    assert status == 200
    visible(driver, "action-register").click()
    visible(driver, "action-dialog")
    driver.find_element(*by_testid("action-dialog-submit")).click()
    problem = visible(driver, "action-dialog-problem")
    assert problem.get_attribute("data-status") == "409"
    assert "立案" in problem.text
    shot(driver, "events-action-conflict")
    # Closing the form redraws the page as it is now (立案 done by the other operator).
    driver.find_element(*by_testid("action-dialog-cancel")).click()
    wait_stage(driver, "registered")


def test_stream_dropped_and_resumed_misses_no_notice(driver, base_url, story):
    """The stream opens with single-use tickets (never the session token in a URL); a notice sent
    while the connection is down arrives after the client reconnects with a new ticket."""
    worker_token = api_token(base_url, story["worker"])
    # Record every URL an EventSource is opened with (the test reads them at the end).
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
        window.__esUrls = [];
        const Original = window.EventSource;
        window.EventSource = function (url, init) { window.__esUrls.push(String(url)); return new Original(url, init); };
        window.EventSource.prototype = Original.prototype;
    """})
    login(driver, base_url, "centre")
    go(driver, base_url, "#/events")
    wait_inbox(driver)
    wait(driver, lambda d: attr(d, "live-status", "data-live") == "true", "event stream never connected")
    # Cut the connection and stay away for 4 s.
    driver.execute_script("window.__pinganStream.drop(4000)")
    wait(driver, lambda d: attr(d, "live-status", "data-live") == "false", "the stream did not drop")
    assert not driver.execute_script("return window.__pinganStream.live()")
    body = {"category": story["category"]["code"], "description": "断线期间上报", "lat": story["point"]["lat"],
            "lng": story["point"]["lng"], "crs": "wgs84", "photos": []}
    status, created = post_with_key(base_url, worker_token, body, str(uuid.uuid4()))
    assert status == 201, created
    assert attr(driver, "live-status", "data-live") == "false", "the notice was sent while connected; the test proves nothing"
    wait(driver, lambda d: created["number"] in (d.find_element(By.ID, "toast").text or ""),
         "the notice sent while disconnected never arrived")
    assert attr(driver, "live-status", "data-live") == "true"
    token = driver.execute_script("return sessionStorage.getItem('pingan.token')")
    urls = driver.execute_script("return window.__esUrls")
    assert len(urls) >= 2, urls
    assert all("ticket=" in u and token not in u and "access_token" not in u for u in urls), urls
    assert len({urllib.parse.parse_qs(urllib.parse.urlparse(u).query)["ticket"][0] for u in urls}) == len(urls), "a ticket was reused"


def post_with_key(base_url, token, body, key):
    """POST /events with an Idempotency-Key (conftest's api_call sends no extra headers)."""
    req = urllib.request.Request(base_url + "/api/v1/events", data=json.dumps(body).encode(), method="POST")
    for k, v in {"Content-Type": "application/json", "Accept": "application/json", "Authorization": f"Bearer {token}", "Idempotency-Key": key}.items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


# ---- the phone report page ------------------------------------------------------------------------------
def test_phone_report_page_at_390(base_url, story):
    grid = story["grid"]
    driver = make_driver(*PHONE)
    try:
        driver.execute_cdp_cmd("Browser.setPermission", {"permission": {"name": "geolocation"}, "setting": "denied", "origin": base_url})
        login(driver, base_url, story["worker"])
        go(driver, base_url, "#/events/report")
        page = visible(driver, "report-page")
        mp = visible(driver, "report-map")
        wait(driver, lambda d: mp.get_attribute("data-loading") == "false", "report map never loaded")
        assert mp.get_attribute("data-feature-count") == "1", "the worker's unit grid is not drawn"
        # Everything fits the phone's width; touch targets are at least 44 px high.
        width = driver.execute_script("return document.documentElement.clientWidth")
        assert page.rect["x"] >= 0 and page.rect["x"] + page.rect["width"] <= width
        for testid in ("report-category", "report-severity", "report-submit", "report-locate"):
            for el in driver.find_elements(*by_testid(testid)):
                assert el.rect["height"] >= 44, (testid, el.rect)
                assert el.rect["x"] + el.rect["width"] <= width, (testid, el.rect)

        # Without GPS, a tap on the map sets the point (inside the worker's grid).
        assert attr(driver, "report-position", "data-set") == "false"
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mp)
        ActionChains(driver).move_to_element(mp).click().perform()
        wait(driver, lambda d: attr(d, "report-position", "data-source") == "map", "tapping the map did not set the point")
        wait(driver, lambda d: attr(d, "report-position", "data-grid") == grid["code"], "tapped point not in the worker's grid")

        # Missing fields are named before anything is sent; the form keeps its Idempotency-Key.
        key = attr(driver, "report-form", "data-idempotency-key")
        driver.find_element(*by_testid("report-submit")).click()
        error = visible(driver, "report-error")
        assert "事件类别" in error.text and "情况描述" in error.text
        assert attr(driver, "report-form", "data-idempotency-key") == key
        driver.execute_script("window.scrollTo(0, 0); document.querySelector('.content').scrollTo(0, 0)")
        shot(driver, "events-report-phone-validation")

        go(driver, base_url, "#/events/mine")
        visible(driver, "mine-report")
        wait(driver, lambda d: attr(d, "mine-page", "data-loaded") == "true", "task page never loaded")
        shot(driver, "events-mine-phone-home")
    finally:
        driver.quit()


# ---- boards, mediation, screenshots ----------------------------------------------------------------------
def test_supervision_board_matches_api(driver, base_url, story):
    centre = story["centre"]
    login(driver, base_url, "centre")
    go(driver, base_url, "#/events/board")
    wait(driver, lambda d: attr(d, "board-page", "data-loaded") == "true", "board never loaded")
    grid = attr(driver, "board-page", "data-grid")
    sup = get(base_url, centre, "/api/v1/events/boards/supervision", grid=grid)
    zero = get(base_url, centre, "/api/v1/events/boards/daily-zero", grid=grid)
    for testid, value in (("board-overdue", sup["overdue"]), ("board-warning", sup["warning"]), ("board-escalated", sup["escalated"]),
                          ("board-standing", sup["standing"]), ("board-due-today", zero["dueToday"]), ("board-closed-today", zero["closedToday"])):
        assert attr(driver, testid, "data-value") == str(value), testid
    assert attr(driver, "board-supervision-list", "data-total") == str(len(sup["items"]))
    shot(driver, "events-board")
    # 超期 opens the list of exactly those events.
    driver.find_element(By.CSS_SELECTOR, '[data-testid="board-overdue"] a').click()
    wait_inbox(driver)
    assert attr(driver, "inbox-page", "data-total") == str(sup["overdue"])


def test_mediation_case_from_acceptance_to_fulfilment(driver, base_url):
    login(driver, base_url, "centre")
    go(driver, base_url, "#/mediation")
    wait(driver, lambda d: d.find_elements(*by_testid("mediation-kpis")), "mediation KPIs missing")
    shot(driver, "mediation-list")
    driver.find_element(*by_testid("mediation-new")).click()
    form = visible(driver, "mediation-form")
    title = f"测试调解 {uuid.uuid4().hex[:6]}"
    form.find_element(*by_testid("mediation-field-title")).send_keys(title)
    Select(form.find_element(*by_testid("mediation-field-kind"))).select_by_value("neighbour")
    form.find_element(*by_testid("mediation-field-summary")).send_keys("两户因排水沟堵塞发生争执")
    rows = form.find_elements(*by_testid("party-row"))
    rows[0].find_element(By.CSS_SELECTOR, "[data-role=name]").send_keys("申请人甲")
    rows[0].find_element(By.CSS_SELECTOR, "[data-role=phone]").send_keys("13812345678")
    rows[1].find_element(By.CSS_SELECTOR, "[data-role=name]").send_keys("被申请人乙")
    form.find_element(*by_testid("mediator-row")).find_element(By.CSS_SELECTOR, "[data-role=name]").send_keys("老党员丙")
    form.find_element(*by_testid("mediation-submit")).click()
    case = visible(driver, "mediation-case")
    assert driver.find_element(*by_testid("mediation-title")).text == title
    assert case.get_attribute("data-status") == "accepted"
    phones = [p.text for p in driver.find_elements(*by_testid("party-phone"))]
    assert phones and all(MASKED_PHONE.match(p) for p in phones), phones

    session = visible(driver, "session-form")
    session.find_element(*by_testid("field-notes")).send_keys("召集双方到村部调解，双方同意共同疏通")
    session.find_element(*by_testid("session-form-submit")).click()
    wait(driver, lambda d: attr(d, "mediation-case", "data-status") == "mediating", "session did not start mediation")
    visible(driver, "outcome-open").click()
    outcome = visible(driver, "outcome-form")
    outcome.find_element(*by_testid("field-agreementText")).send_keys("双方各出一半费用疏通排水沟")
    outcome.find_element(*by_testid("outcome-form-submit")).click()
    wait(driver, lambda d: attr(d, "mediation-case", "data-status") == "agreed", "outcome not recorded")
    click(driver, '[data-testid="fulfilment-form-submit"]')
    wait(driver, lambda d: attr(d, "mediation-case", "data-status") == "fulfilled", "fulfilment not recorded")
    assert len(driver.find_elements(*by_testid("mediation-session"))) == 1
    shot(driver, "mediation-case")


@pytest.mark.parametrize("size", [(1400, 900), PHONE], ids=["desktop", "phone"])
def test_pages_fit_and_screenshots(base_url, size):
    """The centre's pages draw without errors and without sideways scrolling of the content."""
    driver = make_driver(*size)
    tag = "desktop" if size[0] > 500 else "phone"
    try:
        login(driver, base_url, "centre")
        # The default page after login is the grid map: leave it and forget what it logged before ours draw.
        go(driver, base_url, "#/events")
        wait_inbox(driver)
        time.sleep(0.5)
        driver.get_log("browser")
        for name, hash_, ready in (("inbox", "#/events", ("inbox-page", "data-loaded")),
                                   ("board", "#/events/board", ("board-page", "data-loaded")),
                                   ("kpis", "#/events/kpis", ("kpi-page", "data-loaded"))):
            go(driver, base_url, hash_)
            wait(driver, lambda d: attr(d, *ready) == "true", f"{name} never loaded")
            over = driver.execute_script("const c = document.querySelector('.cases-pane'); return c.scrollWidth - c.clientWidth")
            assert over <= 1, f"{name} scrolls sideways by {over}px at {size[0]}px"
            shot(driver, f"events-{name}-{tag}")
        go(driver, base_url, "#/events")
        wait_inbox(driver)
        link = driver.find_element(*by_testid("event-link"))
        link.click()
        visible(driver, "event-history")
        shot(driver, f"events-event-{tag}")
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
        assert not errors, errors
    finally:
        driver.quit()
