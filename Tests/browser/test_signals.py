"""智慧信号 (smart signals, issue 5) in the browser: arterial list, time-space diagram, optimize/apply,
plan editor with the server's validation errors, and the evaluation page.

Every expectation is read from the API first (as the same user), so the pages are checked against the
server's own answers — the diagram's polygons are even converted back to seconds and compared with the
band windows the API sent.
"""
import re
import urllib.parse

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By

from conftest import api_call, api_token, by_testid, login, make_driver, shot, visible, wait

USER = "traffic"          # the demo traffic engineer: signals.read and signals.write
NO_SIGNALS_USER = "leader"  # a demo account without signals.read
PERIOD = "morningPeak"
NUMBER = re.compile(r"[-+−]?\d+(?:\.\d+)?")


def get(base_url, token, path, **query):
    qs = urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
    status, body = api_call(base_url, "GET", path + (f"?{qs}" if qs else ""), token=token)
    assert status == 200, f"GET {path} {query}: {status} {body}"
    return body


def number_in(text):
    """The first number in a text such as "23.3 秒" or "9.7%"."""
    m = NUMBER.search(text.replace("−", "-"))
    assert m, f"no number in {text!r}"
    return float(m.group(0))


def safely(check):
    """A wait condition that treats an element replaced mid-check (the page re-drew) as "not yet"."""
    def run(d):
        try:
            return check(d)
        except (StaleElementReferenceException, NoSuchElementException):
            return False
    return run


def open_page(driver, base_url, hash_, testid):
    """Opens #/… and waits until the page says it has loaded its data."""
    driver.get(f"{base_url}/#/{hash_}")
    page = visible(driver, testid)
    wait(driver, lambda d: page.get_attribute("data-loaded") == "true" or d.find_elements(*by_testid("signals-load-error")),
         f"{hash_} never loaded")
    assert not driver.find_elements(*by_testid("signals-load-error")), driver.find_element(*by_testid("signals-load-error")).text
    return page


def figures(driver, plan):
    """The figures panel of a plan ('current' | 'optimized') as {key: number}."""
    panel = driver.find_element(By.CSS_SELECTOR, f'[data-testid="plan-figures"][data-plan="{plan}"]')
    return {k: number_in(panel.find_element(*by_testid(f"fig-{k}")).text) for k in ("cycle", "outbound", "inbound", "efficiency")}


def assert_figures(shown, view):
    for key in ("cycle", "outbound", "inbound"):
        assert abs(shown[key] - view[key]) <= 0.051, f"{key}: page {shown[key]} vs API {view[key]}"
    assert abs(shown["efficiency"] - view["efficiency"] * 100) <= 0.051, f"efficiency: page {shown['efficiency']}% vs API {view['efficiency']}"


def visible_greens(greens, horizon):
    return [(max(a, 0), min(b, horizon)) for a, b in greens if min(b, horizon) > max(a, 0)]


def diagram_geometry(driver, plan):
    """Plot box, node rows, green bars and band polygons of the drawn SVG, read in the browser."""
    return driver.execute_script("""
        const svg = document.querySelector(`svg[data-testid="tsd"][data-plan="${arguments[0]}"]`);
        const plot = svg.querySelector('.tsd-plot');
        const pts = (p) => p.getAttribute('points').trim().split(/\\s+/).map((xy) => xy.split(',').map(Number));
        return {
          horizon: Number(svg.dataset.horizon),
          plotX: Number(plot.getAttribute('x')), plotW: Number(plot.getAttribute('width')),
          labels: [...svg.querySelectorAll('[data-testid="tsd-node-label"]')].map((t) => t.dataset.id),
          greens: [...svg.querySelectorAll('[data-testid="tsd-green"]')].map((r) => [r.dataset.node, r.dataset.direction]),
          bands: [...svg.querySelectorAll('[data-testid="tsd-band"]')].map((p) => ({ direction: p.dataset.direction, points: pts(p) })),
        };""", plan)


def check_bands(geo, view, direction):
    """Each drawn band is the API's window per node shifted by a whole number of cycles."""
    windows = view["diagram"][f"{direction}Band"]
    width = view[direction]
    drawn = [b for b in geo["bands"] if b["direction"] == direction]
    if width <= 0.05:
        assert not drawn, f"{direction} band drawn although its width is {width}"
        return
    assert drawn, f"{direction} band of width {width} not drawn"
    n, cycle = len(windows), view["diagram"]["cycle"]
    to_time = lambda x: (x - geo["plotX"]) / geo["plotW"] * geo["horizon"]
    for band in drawn:
        left = [to_time(x) for x, _ in band["points"][:n]]
        shifts = [(t - w[0]) / cycle for t, w in zip(left, windows)]
        k = round(shifts[0])
        assert all(abs(s - k) * cycle < 0.3 for s in shifts), f"{direction} band off its windows by {[(s - k) * cycle for s in shifts]} s"
        right = [to_time(x) for x, _ in reversed(band["points"][n:])]
        assert all(abs((r - t) - width) < 0.3 for r, t in zip(right, left)), f"{direction} band is not {width} s wide"


def test_list_follows_api_and_period(driver, base_url):
    token = api_token(base_url, USER)
    items = get(base_url, token, "/api/v1/signals/arterials", period=PERIOD)["items"]
    assert items, "the demo has no arterials"

    login(driver, base_url, USER)
    nav = visible(driver, "nav-signals")
    assert "pending" not in nav.get_attribute("class"), "智慧信号 is still marked 建设中"
    nav.click()
    page = visible(driver, "signals-arterials")
    wait(driver, lambda d: page.get_attribute("data-loaded") == "true", "arterial list never loaded")
    rows = driver.find_elements(*by_testid("arterial-row"))
    assert [r.get_attribute("data-id") for r in rows] == [a["id"] for a in items]
    for row, a in zip(rows, items):
        assert row.find_element(*by_testid("arterial-link")).text == a["name"]
        assert int(row.find_element(*by_testid("arterial-intersections")).text) == a["intersections"]
        assert abs(number_in(row.find_element(*by_testid("arterial-eff-current")).text) - a["current"]["efficiency"] * 100) <= 0.051
        assert row.find_element(*by_testid("arterial-proposal")).get_attribute("data-state") == (a["proposal"] or "none")
        has_opt = bool(row.find_elements(*by_testid("arterial-eff-optimized")))
        assert has_opt == (a["optimized"] is not None), f"{a['name']}: proposal shown {has_opt}, API {a['optimized']}"
    # The summary counts an intersection two arterials share once.
    distinct = len({i for a in items for i in a["intersectionIds"]})
    assert distinct < sum(a["intersections"] for a in items), "the demo's arterials no longer cross"
    pending = sum(1 for a in items if a["proposal"] == "pending")
    summary = driver.find_element(*by_testid("arterials-summary")).text
    assert f"{distinct} 个路口" in summary and f"{pending} 条有待采用的优化方案" in summary, summary
    shot(driver, "signals-list")

    other = "night"
    expected = get(base_url, token, "/api/v1/signals/arterials", period=other)["items"]
    driver.find_element(*by_testid(f"period-{other}")).click()
    wait(driver, lambda d: d.find_element(*by_testid("signals-arterials")).get_attribute("data-period") == other
         and d.find_element(*by_testid("signals-arterials")).get_attribute("data-loaded") == "true", "period switch failed")
    assert f"period={other}" in driver.current_url
    cycles = [number_in(c.text) for c in driver.find_elements(*by_testid("arterial-cycle"))]
    assert cycles == [a["current"]["cycle"] for a in expected]


def test_diagram_draws_the_api_plan(driver, base_url):
    token = api_token(base_url, USER)
    first = get(base_url, token, "/api/v1/signals/arterials", period=PERIOD)["items"][0]
    art = get(base_url, token, f"/api/v1/signals/arterials/{first['id']}", period=PERIOD)
    current = art["current"]

    login(driver, base_url, USER)
    open_page(driver, base_url, f"signals/arterial/{art['id']}?period={PERIOD}&view=current", "signals-arterial")
    assert driver.find_element(*by_testid("arterial-name")).text == art["name"]
    assert_figures(figures(driver, "current"), current)

    geo = diagram_geometry(driver, "current")
    assert geo["horizon"] == current["diagram"]["horizon"]
    assert geo["labels"] == [n["id"] for n in current["diagram"]["nodes"]]
    assert len(geo["labels"]) == len(art["intersections"])
    for node in current["diagram"]["nodes"]:
        for direction in ("outbound", "inbound"):
            want = len(visible_greens(node[f"{direction}Greens"], geo["horizon"]))
            got = sum(1 for n, d in geo["greens"] if n == node["id"] and d == direction)
            assert got == want, f"{node['id']} {direction}: {got} green bars drawn, API has {want}"
    check_bands(geo, current, "outbound")
    check_bands(geo, current, "inbound")
    assert driver.find_element(*by_testid("tsd-legend")).is_displayed()
    offsets = driver.find_elements(*by_testid("offset-row"))
    assert [r.get_attribute("data-id") for r in offsets] == [i["id"] for i in art["intersections"]]
    shot(driver, "signals-diagram-current")

    if art["optimized"]:
        driver.find_element(*by_testid("view-both")).click()
        wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, 'svg[data-testid="tsd"]')) == 2, "both diagrams not shown")
        assert_figures(figures(driver, "optimized"), art["optimized"])
        geo = diagram_geometry(driver, "optimized")
        check_bands(geo, art["optimized"], "outbound")
        check_bands(geo, art["optimized"], "inbound")
        shot(driver, "signals-diagram-both")


def test_optimize_then_apply_after_confirmation(driver, base_url):
    token = api_token(base_url, USER)
    period = "offPeak"   # leaves the morning peak of the other tests alone
    items = get(base_url, token, "/api/v1/signals/arterials", period=period)["items"]
    target = next((a for a in items if a["optimized"] is None), items[-1])
    before = get(base_url, token, f"/api/v1/signals/arterials/{target['id']}", period=period)

    login(driver, base_url, USER)
    page = open_page(driver, base_url, f"signals/arterial/{target['id']}?period={period}", "signals-arterial")
    if before["optimized"] is None:
        assert driver.find_element(*by_testid("apply")).get_attribute("disabled") is not None, "采用方案 enabled without a proposal"
    driver.find_element(*by_testid("optimize")).click()
    wait(driver, lambda d: page.get_attribute("data-has-proposal") == "true"
         and d.find_elements(By.CSS_SELECTOR, '[data-testid="plan-figures"][data-plan="optimized"]'), "optimize never showed a proposal", 120)
    proposal = get(base_url, token, f"/api/v1/signals/arterials/{target['id']}", period=period)["optimized"]
    assert proposal is not None, "the page shows a proposal the API does not have"
    assert_figures(figures(driver, "optimized"), proposal)
    shot(driver, "signals-optimized")

    # Cancelling the confirmation changes nothing.
    driver.find_element(*by_testid("apply")).click()
    visible(driver, "confirm-dialog")
    shot(driver, "signals-apply-confirm")
    driver.find_element(*by_testid("confirm-cancel")).click()
    wait(driver, lambda d: not d.find_elements(*by_testid("confirm-dialog")), "dialog did not close")
    still = get(base_url, token, f"/api/v1/signals/arterials/{target['id']}", period=period)
    assert still["current"]["offsets"] == before["current"]["offsets"], "cancel applied the proposal"

    driver.find_element(*by_testid("apply")).click()
    visible(driver, "confirm-ok").click()
    wait(driver, safely(lambda d: abs(figures(d, "current")["outbound"] - proposal["outbound"]) <= 0.051
         and not d.find_element(*by_testid("apply")).text.endswith("…")), "applied plan not shown as current", 60)
    after = get(base_url, token, f"/api/v1/signals/arterials/{target['id']}", period=period)
    assert all(abs(a - b) < 0.01 for a, b in zip(after["current"]["offsets"], proposal["offsets"])), "API current ≠ applied proposal"
    assert_figures(figures(driver, "current"), after["current"])
    assert not driver.find_element(*by_testid("arterial-error")).is_displayed()


def test_network_optimize_shows_the_proven_optimum(driver, base_url):
    """路网协调 on the arterial list: 优化 stores a network proposal; the page shows its bands per arterial, as
    the API has them, and 已证明最优 when the branch and bound closed the gap. Nothing is applied."""
    token = api_token(base_url, USER)
    period = "eveningPeak"   # the other tests use the morning and off peaks
    login(driver, base_url, USER)
    open_page(driver, base_url, f"signals?period={period}", "signals-arterials")
    section = visible(driver, "signals-network")
    wait(driver, lambda d: section.get_attribute("data-loaded") == "true", "network section never loaded")
    assert section.get_attribute("data-period") == period
    apply = driver.find_element(*by_testid("network-apply"))
    if not driver.find_elements(*by_testid("network-result")):
        assert apply.get_attribute("disabled") is not None, "应用 enabled without a network proposal"
    driver.find_element(*by_testid("network-optimize")).click()
    wait(driver, safely(lambda d: d.find_elements(*by_testid("network-gap"))
                        and not d.find_element(*by_testid("network-optimize")).text.endswith("…")), "optimize never showed a proposal", 180)
    network = get(base_url, token, "/api/v1/signals/network", period=period)
    assert network["gap"] <= 0.001, f"network gap {network['gap']}"
    assert driver.find_element(*by_testid("network-gap")).text == "已证明最优"
    rows = driver.find_elements(*by_testid("network-row"))
    assert [r.get_attribute("data-id") for r in rows] == [a["id"] for a in network["arterials"]]
    for row, a in zip(rows, network["arterials"]):
        assert abs(number_in(row.find_element(*by_testid("network-outbound")).text) - a["outbound"]) <= 0.051
        assert abs(number_in(row.find_element(*by_testid("network-inbound")).text) - a["inbound"]) <= 0.051
        assert abs(number_in(row.find_element(*by_testid("network-solo")).text) - a["bound"]) <= 0.051
    assert bool(driver.find_elements(*by_testid("network-uncoordinated"))) == bool(network["uncoordinated"])
    assert driver.find_element(*by_testid("network-apply")).get_attribute("disabled") is None, "应用 stays disabled after 优化"
    assert not driver.find_element(*by_testid("network-error")).is_displayed()
    assert network["appliedAt"] is None
    shot(driver, "signals-network")


def test_an_overtaken_proposal_says_why_and_cannot_be_applied(driver, base_url):
    """A proposal optimised before one of its intersections' plans was edited is shown as out of date, with the
    server's reason, and 采用方案 stays disabled; the API refuses it with the same reason."""
    token = api_token(base_url, USER)
    period = "night"   # no other test optimises or applies at night
    target = get(base_url, token, "/api/v1/signals/arterials", period=period)["items"][0]
    status, _ = api_call(base_url, "POST", f"/api/v1/signals/arterials/{target['id']}/optimize", token=token, body={"period": period})
    assert status == 200
    detail = get(base_url, token, f"/api/v1/signals/arterials/{target['id']}", period=period)
    assert detail["optimized"].get("stale") is None
    # A manual edit of the first intersection's night plan: its offset moved by 5 s.
    first = detail["intersections"][0]["id"]
    plan = next(p for p in get(base_url, token, f"/api/v1/signals/intersections/{first}")["plans"] if p["period"] == period)
    body = {"cycle": plan["cycle"], "offset": (plan["offset"] + 5) % plan["cycle"], "phases": plan["phases"]}
    status, answer = api_call(base_url, "PUT", f"/api/v1/signals/intersections/{first}/plans/{period}", token=token, body=body)
    assert status == 200, answer
    reason = get(base_url, token, f"/api/v1/signals/arterials/{target['id']}", period=period)["optimized"].get("stale")
    assert reason and "重新优化" in reason

    login(driver, base_url, USER)
    open_page(driver, base_url, f"signals/arterial/{target['id']}?period={period}", "signals-arterial")
    notice = visible(driver, "proposal-stale")
    assert notice.text == f"方案已过期：{reason}"
    apply = driver.find_element(*by_testid("apply"))
    assert apply.get_attribute("disabled") is not None, "采用方案 enabled for an out-of-date proposal"
    assert apply.get_attribute("title") == reason
    shot(driver, "signals-stale-proposal")
    status, problem = api_call(base_url, "POST", f"/api/v1/signals/arterials/{target['id']}/apply", token=token, body={"period": period})
    assert status == 409 and problem["detail"] == reason


def set_input(driver, field, value):
    box = driver.find_element(By.CSS_SELECTOR, f'input[data-field="{field}"]')
    box.clear()
    box.send_keys(str(value))
    return box


def field_error(driver, field):
    return driver.find_element(By.CSS_SELECTOR, f'[data-testid="field-error"][data-field="{field}"]')


def fmt(v):
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def test_plan_editor_sum_check_and_server_errors(driver, base_url):
    token = api_token(base_url, USER)
    first = get(base_url, token, "/api/v1/signals/arterials", period=PERIOD)["items"][0]
    art = get(base_url, token, f"/api/v1/signals/arterials/{first['id']}", period=PERIOD)
    node = art["intersections"][1]
    x = get(base_url, token, f"/api/v1/signals/intersections/{node['id']}")
    plan = next(p for p in x["plans"] if p["period"] == PERIOD)
    phases = plan["phases"]
    total = sum(p["green"] + p["amber"] + p["allRed"] for p in phases)

    login(driver, base_url, USER)
    open_page(driver, base_url, f"signals/intersection/{node['id']}?period={PERIOD}&arterial={art['id']}", "signals-intersection")
    assert len(driver.find_elements(*by_testid("phase-row"))) == len(phases)
    check = driver.find_element(*by_testid("sum-check"))
    assert check.get_attribute("data-ok") == str(abs(total - plan["cycle"]) < 0.01).lower()
    assert number_in(driver.find_element(*by_testid("input-cycle")).get_attribute("value")) == plan["cycle"]

    # Live check: two seconds less green in phase 1 and the sum no longer matches.
    set_input(driver, "phases[0].green", fmt(phases[0]["green"] - 2))
    wait(driver, lambda d: check.get_attribute("data-ok") == "false", "sum check did not react")
    assert fmt(total - 2) in check.text
    assert abs(float(driver.find_element(*by_testid("phase-ring")).get_attribute("data-total")) - (total - 2)) < 0.01
    shot(driver, "signals-plan-sum-bad")

    # The server refuses it and says why, next to the phases.
    driver.find_element(*by_testid("plan-save")).click()
    wait(driver, lambda d: field_error(d, "phases").is_displayed(), "server's phases error not shown next to the phases")
    assert field_error(driver, "phases").text.strip()
    assert driver.find_element(*by_testid("plan-error")).is_displayed()

    # Green below the pedestrian minimum while the sum still fits: the error sits at that phase's green.
    walk = next((i for i, p in enumerate(phases) if p["pedestrianMinimum"] > 5), None)
    if walk is not None:
        other = next(i for i in range(len(phases)) if i != walk)
        short = phases[walk]["pedestrianMinimum"] - 3
        moved = phases[walk]["green"] - short
        set_input(driver, "phases[0].green", fmt(phases[0]["green"]))
        set_input(driver, f"phases[{walk}].green", fmt(short))
        set_input(driver, f"phases[{other}].green", fmt(phases[other]["green"] + moved))
        wait(driver, lambda d: check.get_attribute("data-ok") == "true", "sum should fit again")
        driver.find_element(*by_testid("plan-save")).click()
        field = f"phases[{walk}].green"
        wait(driver, lambda d: field_error(d, field).is_displayed(), f"server's {field} error not shown at the field")
        assert "sig-invalid" in driver.find_element(By.CSS_SELECTOR, f'input[data-field="{field}"]').get_attribute("class")
        shot(driver, "signals-plan-field-error")

    # Back to the server's plan, a new offset, saved for real.
    driver.find_element(*by_testid("plan-reset")).click()
    offset = (plan["offset"] + 7) % plan["cycle"]
    set_input(driver, "offset", fmt(offset))
    driver.find_element(*by_testid("plan-save")).click()
    wait(driver, safely(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="field-error"]:not([hidden])')
         and number_in(d.find_element(*by_testid("input-offset")).get_attribute("value")) == offset
         and "已保存" in (d.find_element(*by_testid("toast")).text or "")), "valid plan not saved")
    saved = next(p for p in get(base_url, token, f"/api/v1/signals/intersections/{node['id']}")["plans"] if p["period"] == PERIOD)
    assert abs(saved["offset"] - offset) < 0.01


def test_evaluation_page(driver, base_url):
    token = api_token(base_url, USER)
    status, ev = api_call(base_url, "GET", "/api/v1/signals/evaluations/latest", token=token)
    assert status in (200, 404), f"evaluations/latest: {status} {ev}"

    login(driver, base_url, USER)
    driver.get(f"{base_url}/#/signals/evaluation")
    page = visible(driver, "signals-evaluation")
    wait(driver, lambda d: page.get_attribute("data-loaded") == "true", "evaluation page never loaded")
    if status == 404:
        assert "pingan signals evaluate" in driver.find_element(*by_testid("eval-command")).text
        assert driver.find_element(*by_testid("eval-missing")).is_displayed()
        shot(driver, "signals-evaluation-missing")
        return
    table = driver.find_element(*by_testid("eval-table"))
    rows = table.find_elements(*by_testid("eval-row"))
    assert [r.get_attribute("data-key") for r in rows] == [s["key"] for s in ev["scenarios"]]
    base = next(s for s in ev["scenarios"] if s["key"] == "network")
    for row, s in zip(rows, ev["scenarios"]):
        cell = row.find_element(By.CSS_SELECTOR, 'td[data-metric="travelTime"]')
        assert abs(number_in(cell.find_element(*by_testid("eval-value")).text) - s["travelTime"]) <= 0.051
        if s["key"] != "network":
            want = (s["travelTime"] - base["travelTime"]) / base["travelTime"] * 100
            assert abs(float(cell.find_element(*by_testid("eval-change")).get_attribute("data-value")) - want) < 0.01
    assert len(driver.find_elements(*by_testid("eval-direction"))) == len(ev.get("directions", []))
    wait(driver, lambda d: d.find_element(*by_testid("eval-chart")).get_attribute("data-ready") == "true", "chart never drawn")
    shot(driver, "signals-evaluation")


def test_signals_closed_without_permission(driver, base_url):
    token = api_token(base_url, NO_SIGNALS_USER)
    me = get(base_url, token, "/api/v1/me")
    assert "signals.read" not in me["permissions"], f"{NO_SIGNALS_USER} unexpectedly has signals.read"
    login(driver, base_url, NO_SIGNALS_USER)
    # The entry says the role may not open it — the part is built, so not 建设中.
    nav = visible(driver, "nav-signals")
    assert nav.find_element(*by_testid("nav-badge")).text == "无权限"
    assert visible(driver, "nav-command").find_element(*by_testid("nav-badge")).text == "建设中"
    driver.get(f"{base_url}/#/signals")
    wait(driver, lambda d: not d.current_url.endswith("#/signals"), "a user without signals.read stayed on #/signals")
    assert not driver.find_elements(*by_testid("signals-arterials"))


@pytest.mark.parametrize("page,testid", [("signals", "signals-arterials"), ("signals/arterial/{a}?period=morningPeak", "signals-arterial"),
                                         ("signals/intersection/{i}?period=morningPeak", "signals-intersection")])
def test_phone_width(base_url, page, testid):
    token = api_token(base_url, USER)
    art = get(base_url, token, "/api/v1/signals/arterials")["items"][0]
    node = get(base_url, token, f"/api/v1/signals/arterials/{art['id']}")["intersections"][0]
    phone = make_driver(390, 844)
    try:
        login(phone, base_url, USER)
        open_page(phone, base_url, page.format(a=art["id"], i=node["id"]), testid)
        overflow = phone.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page is {overflow}px wider than the phone"
        shot(phone, f"signals-phone-{testid}")
    finally:
        phone.quit()
