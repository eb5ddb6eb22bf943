"""Base data (issue 3) in the browser: search, record pages, reveal, statistics, roster and import.

Every expectation is read from the API first (as the same user), so the pages are checked against
the server's own answers, not against numbers copied into the test.
"""
import json
import re
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from conftest import api_call, api_token, by_testid, login, make_driver, shot, visible, wait

DISTRICT_QUERY = "渌口"
MASKED_ID = re.compile(r"^\d{3}\*+[\dX]{4}$")


def get(base_url, token, path, **query):
    qs = urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
    status, body = api_call(base_url, "GET", path + (f"?{qs}" if qs else ""), token=token)
    assert status == 200, f"GET {path} {query}: {status} {body}"
    return body


def groups_by_kind(answer):
    return {g["kind"]: g for g in answer["groups"]}


def first_person(base_url, token):
    """A person of the demo county, found the way a user would: by searching the district's name."""
    person = groups_by_kind(get(base_url, token, "/api/v1/search", q=DISTRICT_QUERY, limit=20)).get("person")
    assert person and person["items"], f"searching {DISTRICT_QUERY} finds no people"
    return person["items"][0]


def shown_groups(driver):
    return driver.execute_script("""
        return [...document.querySelectorAll('[data-testid="search-group"]')].map(g => ({
          kind: g.dataset.kind, count: Number(g.dataset.count),
          badge: g.querySelector('[data-testid="search-group-count"]').textContent,
          titles: [...g.querySelectorAll('[data-testid="search-item"] .result-title, [data-testid="search-item"] .record-link')]
            .map(a => a.textContent)}));""")


def search_in_top_bar(driver, text):
    box = visible(driver, "top-search-input")
    box.clear()
    box.send_keys(text, Keys.ENTER)
    page = visible(driver, "search-page")
    wait(driver, lambda d: page.get_attribute("data-loaded") == "true" or d.find_elements(*by_testid("search-error")),
         f"search for {text} never finished")
    assert not driver.find_elements(*by_testid("search-error")), driver.find_element(*by_testid("search-error")).text


def village_name(base_url, token):
    """The name of a village (村) of the district, read from the grid tree."""
    county = get(base_url, token, "/api/v1/grids")["items"][0]
    queue = [county["code"]]
    while queue:
        node = get(base_url, token, f"/api/v1/grids/{queue.pop(0)}")
        for child in node["children"]:
            if child["level"] == 4 and child["name"].endswith("村"):
                return child["name"]
            if child["level"] < 4:
                queue.append(child["code"])
    pytest.fail("the demo county has no village (村) grid")


def test_search_person_household_house_as_centre(driver, base_url):
    token = api_token(base_url, "centre")
    answer = get(base_url, token, "/api/v1/search", q=DISTRICT_QUERY, limit=20)
    expected = [g for g in answer["groups"] if g["count"] > 0]
    person_item = groups_by_kind(answer)["person"]["items"][0]

    login(driver, base_url, "centre")
    search_in_top_bar(driver, DISTRICT_QUERY)
    assert urllib.parse.unquote(driver.current_url).endswith(f"#/search?q={DISTRICT_QUERY}")
    groups = shown_groups(driver)
    assert [(g["kind"], g["count"]) for g in groups] == [(g["kind"], g["count"]) for g in expected]
    for shown, api_group in zip(groups, expected):
        assert shown["badge"] == str(api_group["count"])
        assert shown["titles"] == [i["title"] for i in api_group["items"]]
    people_text = driver.find_element(By.CSS_SELECTOR, '[data-testid="search-group"][data-kind="person"]').text
    if person_item.get("residentId"):
        assert MASKED_ID.match(person_item["residentId"]) and person_item["residentId"] in people_text
    shot(driver, "search-district")

    # Person page: every fact as the API gives it, links to the household, house and grid.
    driver.find_element(By.CSS_SELECTOR,
                        f'[data-testid="search-item"][data-kind="person"][data-id="{person_item["id"]}"] a.record-link').click()
    person = get(base_url, token, f"/api/v1/people/{person_item['id']}")
    wait(driver, lambda d: d.find_element(*by_testid("person-name")).text == person["name"])
    assert driver.find_element(*by_testid("person-resident-id")).text == person["residentId"]
    crumbs = [a.text for a in driver.find_elements(By.CSS_SELECTOR, '[data-testid="record-grid"] li > a[data-code]')]
    assert crumbs == [p["name"] for p in person["grid"]["path"]]
    provenance = driver.find_elements(*by_testid("provenance-item"))
    assert len(provenance) == len(person["provenance"])
    for item, source in zip(provenance, person["provenance"]):
        assert item.text.startswith(f"来源：{source['source']}")
    conflicts = driver.find_elements(By.CSS_SELECTOR, '[data-testid="person-conflicts"] tbody tr')
    assert len(conflicts) == len(person["conflicts"])
    shot(driver, "person")
    assert person["household"], "the first person found has no household"

    if person["house"]:
        assert driver.find_element(*by_testid("person-house")).text == person["house"].get("address"), \
            f"contract: person.house is {{id, address}}: {person['house']}"
    link = driver.find_element(*by_testid("person-household"))
    assert link.text == person["household"]["number"]
    link.click()
    household = get(base_url, token, f"/api/v1/households/{person['household']['id']}")
    wait(driver, lambda d: d.find_element(*by_testid("household-number")).text == household["number"])
    rows = driver.find_elements(*by_testid("member-row"))
    assert [r.get_attribute("data-id") for r in rows] == [m["id"] for m in household["members"]]
    assert [r.find_element(By.CSS_SELECTOR, "a").text for r in rows] == [m["name"] for m in household["members"]]
    assert person["id"] in [m["id"] for m in household["members"]]
    shot(driver, "household")
    assert household["house"], "the household has no house"

    house_link = driver.find_element(*by_testid("household-house"))
    assert house_link.text == household["house"].get("address"), f"contract: household.house is {{id, address}}: {household['house']}"
    house_link.click()
    house = get(base_url, token, f"/api/v1/houses/{household['house']['id']}")
    wait(driver, lambda d: d.find_element(*by_testid("house-address")).text == house["address"])
    shown_households = [r.get_attribute("data-id") for r in driver.find_elements(*by_testid("house-household-row"))]
    assert shown_households == [x["id"] for x in house["households"]] and household["id"] in shown_households
    if house.get("lat") is not None:
        wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="house-map"] path.leaflet-interactive'),
             "the house's point is not drawn")
        assert not driver.find_elements(By.CSS_SELECTOR, '[data-testid="house-map"] img.leaflet-tile')
    shot(driver, "house")


def test_organisation_and_place_pages(driver, base_url):
    token = api_token(base_url, "centre")
    groups = groups_by_kind(get(base_url, token, "/api/v1/search", q=DISTRICT_QUERY, limit=20))
    login(driver, base_url, "centre")
    search_in_top_bar(driver, DISTRICT_QUERY)
    for kind, collection, title in (("organisation", "organisations", "organisation-name"), ("place", "places", "place-name")):
        if not groups[kind]["items"]:
            continue
        item = groups[kind]["items"][0]
        record = get(base_url, token, f"/api/v1/{collection}/{item['id']}")
        driver.find_element(By.CSS_SELECTOR, f'[data-testid="search-item"][data-kind="{kind}"][data-id="{item["id"]}"] a.record-link').click()
        wait(driver, lambda d: d.find_elements(*by_testid(title)) and d.find_element(*by_testid(title)).text == record["name"])
        crumbs = [a.text for a in driver.find_elements(By.CSS_SELECTOR, '[data-testid="record-grid"] li > a[data-code]')]
        assert crumbs == [p["name"] for p in record["grid"]["path"]]
        if kind == "place" and record.get("lat") is not None:
            point = driver.find_element(*by_testid("place-map"))
            assert (float(point.get_attribute("data-lat")), float(point.get_attribute("data-lng"))) == (record["lat"], record["lng"])
        shot(driver, kind)
        driver.back()
        wait(driver, lambda d: d.find_elements(*by_testid("search-group")))


def test_a_village_name_shows_groups_with_counts(driver, base_url):
    token = api_token(base_url, "centre")
    village = village_name(base_url, token)
    answer = groups_by_kind(get(base_url, token, "/api/v1/search", q=village, limit=20))
    for kind in ("grid", "person", "household", "house"):
        assert answer[kind]["count"] > 0, f"searching the village {village} finds no {kind}"

    login(driver, base_url, "centre")
    search_in_top_bar(driver, village)
    shown = {g["kind"]: g for g in shown_groups(driver)}
    assert {k: g["count"] for k, g in shown.items()} == {k: g["count"] for k, g in answer.items() if g["count"] > 0}
    summary = {a.get_attribute("data-kind"): a.find_element(By.CSS_SELECTOR, "b").text
               for a in driver.find_elements(By.CSS_SELECTOR, '[data-testid="search-summary"] a')}
    assert summary == {k: str(g["count"]) for k, g in answer.items()}
    shot(driver, "search-village")

    # A grid result opens the grid's contents; its people total is the server's.
    grid_item = answer["grid"]["items"][0]
    driver.find_element(By.CSS_SELECTOR, f'[data-testid="search-item"][data-kind="grid"][data-id="{grid_item["id"]}"] a').click()
    contents = get(base_url, token, f"/api/v1/grids/{grid_item['gridCode']}/contents", kind="person", limit=50, offset=0)
    wait(driver, lambda d: d.find_element(*by_testid("contents-total")).text == str(contents["total"]))
    assert len(driver.find_elements(*by_testid("contents-item"))) == len(contents["items"])


def test_reveal_needs_a_reason_and_shows_the_full_id(driver, base_url):
    token = api_token(base_url, "centre")
    item = first_person(base_url, token)
    person = get(base_url, token, f"/api/v1/people/{item['id']}")
    assert person["canReveal"]["residentId"], "centre must be allowed to reveal IDs"

    login(driver, base_url, "centre")
    driver.get(f"{base_url}/#/person/{item['id']}")
    value = visible(driver, "person-resident-id")
    assert value.text == person["residentId"] and "*" in value.text
    driver.find_element(*by_testid("person-resident-id-reveal")).click()
    visible(driver, "reveal-dialog")
    driver.find_element(*by_testid("reveal-submit")).click()
    assert visible(driver, "reveal-error").text == "请填写查看原因"
    assert driver.find_element(*by_testid("person-resident-id")).text == person["residentId"]
    driver.find_element(*by_testid("reveal-reason")).send_keys("入户走访核实身份")
    shot(driver, "reveal-dialog")
    driver.find_element(*by_testid("reveal-submit")).click()
    wait(driver, lambda d: "*" not in d.find_element(*by_testid("person-resident-id")).text, "the full ID was not shown")
    full = driver.find_element(*by_testid("person-resident-id")).text
    assert not driver.find_elements(*by_testid("reveal-dialog"))
    masked = person["residentId"]
    assert len(full) == len(masked) and full[:3] == masked[:3] and full[-4:] == masked[-4:]
    status, revealed = api_call(base_url, "POST", f"/api/v1/people/{item['id']}/reveal", token=token, body={"reason": "核对页面显示"})
    assert status == 200 and revealed["residentId"] == full
    shot(driver, "reveal-done")

    # Without a reason the server refuses too (the dialog is not the only guard).
    status, _ = api_call(base_url, "POST", f"/api/v1/people/{item['id']}/reveal", token=token, body={"reason": ""})
    assert status == 400


def test_a_grid_worker_sees_no_id_reveal_button(driver, base_url):
    centre = api_token(base_url, "centre")
    item = first_person(base_url, centre)
    worker = f"grid-{item['gridCode']}"
    status, _ = api_call(base_url, "POST", "/api/v1/session", body={"username": worker, "password": "pingan-demo"})
    if status != 200:
        pytest.skip(f"no grid worker account {worker}")
    person = get(base_url, api_token(base_url, worker), f"/api/v1/people/{item['id']}")
    login(driver, base_url, worker)
    driver.get(f"{base_url}/#/person/{item['id']}")
    wait(driver, lambda d: d.find_element(*by_testid("person-name")).text == person["name"])
    assert bool(driver.find_elements(*by_testid("person-resident-id-reveal"))) == person["canReveal"]["residentId"]
    assert bool(driver.find_elements(*by_testid("person-phone-reveal"))) == person["canReveal"]["phone"]
    assert not person["canReveal"]["residentId"], "a grid worker must never reveal resident IDs"


def test_every_stats_number_opens_a_list_with_that_total(driver, base_url):
    token = api_token(base_url, "centre")
    root = get(base_url, token, "/api/v1/grids")["items"][0]["code"]
    stats = get(base_url, token, "/api/v1/stats/population", grid=root)

    login(driver, base_url, "centre")
    visible(driver, "gov-tab-stats").click()
    page = visible(driver, "stats-page")
    wait(driver, lambda d: page.get_attribute("data-loaded") == "true", "statistics never loaded")
    totals = {a.get_attribute("data-metric"): a.text for a in driver.find_elements(*by_testid("stats-total"))}
    assert totals == {k: str(v) for k, v in stats["totals"].items()}
    rows = [r.get_attribute("data-code") for r in driver.find_elements(*by_testid("stats-child-row"))]
    assert rows == [c["code"] for c in stats["children"]]
    wait(driver, lambda d: d.find_element(*by_testid("stats-chart")).get_attribute("data-ready") == "true", "chart not drawn")
    shot(driver, "stats")

    # Each total, and one child's number, lists exactly as many records as it says.
    child = stats["children"][0]["code"] if stats["children"] else None
    checks = [(root, m, None) for m in stats["totals"]]
    if child:
        checks.append((child, "registered", None))
    # A past date: the numbers and their lists are both as of that day.
    day = "2026-01-01"
    checks += [(root, m, day) for m in ("registered", "specialGroups")]
    for grid, metric, date in checks:
        if date and date not in driver.current_url:
            driver.get(f"{base_url}/#/stats?grid={grid}&date={date}")
            page = visible(driver, "stats-page")
            wait(driver, lambda d: page.get_attribute("data-loaded") == "true")
            past = get(base_url, token, "/api/v1/stats/population", grid=grid, date=date)
            shown = {a.get_attribute("data-metric"): a.text for a in driver.find_elements(*by_testid("stats-total"))}
            assert shown == {k: str(v) for k, v in past["totals"].items()}
        testid = "stats-total" if grid == root else "stats-child-value"
        link = driver.find_element(By.CSS_SELECTOR, f'[data-testid="{testid}"][data-grid="{grid}"][data-metric="{metric}"]')
        number = link.text
        link.click()
        visible(driver, "records-page")
        wait(driver, lambda d: d.find_elements(*by_testid("records-total")), f"{metric} list never loaded")
        assert driver.find_element(*by_testid("records-total")).text == number, f"{grid} {metric}"
        listed = get(base_url, token, "/api/v1/stats/records", grid=grid, metric=metric, date=date, limit=50, offset=0)
        assert str(listed["total"]) == number
        assert len(driver.find_elements(*by_testid("records-item"))) == min(int(number), 50)
        if metric == "registered" and grid == root:
            shot(driver, "stats-records")
        driver.back()
        page = visible(driver, "stats-page")
        wait(driver, lambda d: page.get_attribute("data-loaded") == "true")


def test_roster_filters_overdue_rows(driver, base_url):
    token = api_token(base_url, "centre")
    everyone = get(base_url, token, "/api/v1/roster", limit=50, offset=0)
    overdue = get(base_url, token, "/api/v1/roster", overdue="true", limit=50, offset=0)

    login(driver, base_url, "centre")
    visible(driver, "gov-tab-roster").click()
    visible(driver, "roster-page")
    wait(driver, lambda d: d.find_element(*by_testid("roster-total")).text == f"{everyone['total']} 条")
    # A row is a tag: when some people have two, the page says how many people the rows are.
    people = driver.find_element(*by_testid("roster-people")).text
    assert people == ("" if everyone["people"] == everyone["total"] else f"（{everyone['people']} 人）"), people
    rows = driver.find_elements(*by_testid("roster-row"))
    assert [r.get_attribute("data-id") for r in rows] == [i["personId"] for i in everyone["items"]]
    for row, item in zip(rows, everyone["items"]):
        assert ("row-overdue" in row.get_attribute("class")) == bool(item["overdue"])
        # The responsible worker by name (the account in the tooltip).
        if item.get("responsibleWorkerName"):
            assert item["responsibleWorkerName"] in row.text, row.text
    shot(driver, "roster")

    driver.find_element(*by_testid("roster-overdue")).click()
    wait(driver, lambda d: "overdue=true" in d.current_url
         and d.find_element(*by_testid("roster-total")).text == f"{overdue['total']} 条")
    rows = driver.find_elements(*by_testid("roster-row"))
    assert len(rows) == len(overdue["items"])
    assert all(r.get_attribute("data-overdue") == "true" for r in rows)
    if not rows:
        return

    # The person of an overdue row shows the tag, its visits and the overdue one in red.
    first = overdue["items"][0]
    rows[0].find_element(By.CSS_SELECTOR, "a.record-link").click()
    person = get(base_url, token, f"/api/v1/people/{first['personId']}")
    wait(driver, lambda d: d.find_element(*by_testid("person-name")).text == person["name"])
    tags = driver.find_elements(*by_testid("person-tag"))
    assert [t.get_attribute("data-group") for t in tags] == [t["group"] for t in person["tags"]]
    assert any("overdue" in t.get_attribute("class") for t in tags)
    visits = driver.find_elements(*by_testid("visit-row"))
    assert [v.get_attribute("data-overdue") for v in visits] == [str(v["overdue"]).lower() for t in person["tags"] for v in t["visits"]]
    for v in visits:
        colour = v.value_of_css_property("background-color")
        assert (colour == "rgba(253, 236, 236, 1)") == (v.get_attribute("data-overdue") == "true"), colour
    shot(driver, "person-tags")


def gb11643(body17):
    """Check digit of a resident ID (GB 11643)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights)) % 11]


def test_import_dry_run_shows_the_report(driver, base_url, tmp_path):
    token = api_token(base_url, "centre")
    unit = get(base_url, token, "/api/v1/grids.geojson", level=5)["features"][0]["properties"]["code"]
    good = "43021219900307" + "451"
    good += gb11643(good)
    bad = "430212199003074520" if gb11643("43021219900307452") != "0" else "430212199003074521"
    csv = tmp_path / "people.csv"
    csv.write_text("姓名,证件号码,性别,出生日期,联系电话,网格编码\n"
                   f"测试甲,{good},男,1990-03-07,13800001111,{unit}\n"
                   f"测试乙,{bad},女,1990-03-07,13800002222,{unit}\n", encoding="utf-8")

    login(driver, base_url, "centre")
    visible(driver, "gov-tab-import").click()
    visible(driver, "import-page")
    Select(driver.find_element(*by_testid("import-kind"))).select_by_value("people")
    driver.find_element(*by_testid("import-file")).send_keys(str(csv))
    assert not driver.find_element(*by_testid("import-confirm")).is_enabled()
    driver.find_element(*by_testid("import-dry-run")).click()
    report = visible(driver, "import-report")
    assert report.get_attribute("data-dry-run") == "true"

    # The same dry run through the API: nothing was written, so it answers the same.
    req = urllib.request.Request(f"{base_url}/api/v1/imports?kind=people&dryRun=true&keepValid=false",
                                 data=csv.read_bytes(), method="POST",
                                 headers={"Content-Type": "text/csv", "Authorization": f"Bearer {token}", "Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        expected = json.loads(resp.read())
    assert expected["dryRun"] is True and expected["rows"] == 2
    assert expected["rejected"] >= 1, "a resident ID with a wrong check digit must be rejected"
    for key in ("imported", "updated", "unchanged", "rejected"):
        assert driver.find_element(*by_testid(f"import-{key}")).text == str(expected[key]), key
    assert driver.find_element(*by_testid("import-encoding")).text == expected["encoding"]
    shown = [r.get_attribute("data-row") for r in driver.find_elements(*by_testid("import-conflict-row"))]
    assert shown == [str(c["row"]) for c in expected["conflicts"]]
    assert driver.find_element(*by_testid("import-confirm")).is_enabled()
    shot(driver, "import-dry-run")

    # Changing the options invalidates the dry run: 确认导入 needs a new 试运行.
    driver.find_element(*by_testid("import-keep-valid")).click()
    assert not driver.find_element(*by_testid("import-confirm")).is_enabled()


def test_tabs_follow_the_role(driver, base_url):
    token = api_token(base_url, "leader")
    me = get(base_url, token, "/api/v1/me")
    perms = set(me["permissions"])
    expected = ["map", "search"] + (["stats"] if "people.read" in perms else []) \
        + (["roster"] if "special-groups.read" in perms else []) \
        + (["import"] if perms & {"imports.write", "grids.write"} else [])
    login(driver, base_url, "leader")
    tabs = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="gov-tabs"] a'))
    assert [t.get_attribute("data-testid").removeprefix("gov-tab-") for t in tabs] == expected
    assert "import" not in expected
    driver.get(base_url + "/#/import")
    wait(driver, lambda d: not d.current_url.endswith("#/import"), "leader could open the import page")
    assert not driver.find_elements(*by_testid("import-page"))


def test_grid_panel_links_to_the_grid_contents(driver, base_url):
    token = api_token(base_url, "centre")
    item = first_person(base_url, token)
    code = item["gridCode"]
    contents = get(base_url, token, f"/api/v1/grids/{code}/contents", kind="household", limit=50, offset=0)
    login(driver, base_url, "centre")
    driver.get(f"{base_url}/#/map/{code}")
    panel = visible(driver, "grid-panel")
    wait(driver, lambda d: panel.get_attribute("data-code") == code, "#/map/CODE did not open the grid")
    visible(driver, "grid-content-links").find_element(By.CSS_SELECTOR, 'a[data-kind="household"]').click()
    page = visible(driver, "grid-contents-page")
    assert page.get_attribute("data-kind") == "household"
    wait(driver, lambda d: d.find_element(*by_testid("contents-total")).text == str(contents["total"]))
    assert [i.get_attribute("data-id") for i in driver.find_elements(*by_testid("contents-item"))] == [x["id"] for x in contents["items"]]
    shot(driver, "grid-contents")


def test_person_page_on_a_phone(base_url):
    token = api_token(base_url, "centre")
    item = first_person(base_url, token)
    phone = make_driver(390, 844)
    try:
        login(phone, base_url, "centre")
        phone.get(f"{base_url}/#/person/{item['id']}")
        visible(phone, "person-name")
        width = phone.execute_script("return document.documentElement.scrollWidth")
        assert width <= phone.execute_script("return window.innerWidth") + 1, "the person page scrolls sideways on a phone"
        shot(phone, "phone-person")
        # The top bar has no room for the box on a phone: its button opens the search page.
        visible(phone, "top-search-link").click()
        box = visible(phone, "search-input")
        assert box.rect["width"] > 200
        box.send_keys(DISTRICT_QUERY, Keys.ENTER)
        wait(phone, lambda d: d.find_element(*by_testid("search-page")).get_attribute("data-loaded") == "true")
        assert phone.find_elements(*by_testid("search-group"))
        assert phone.execute_script("return document.documentElement.scrollWidth") <= phone.execute_script("return window.innerWidth") + 1
        shot(phone, "phone-search")
    finally:
        phone.quit()


def test_a_row_held_for_merge_shows_to_the_town_centre_and_is_decided(driver, base_url):
    """A village centre imports a neighbour village's resident ID: the town centre sees both, masked, and decides."""
    centre = api_token(base_url, "centre")
    villages = get(base_url, centre, "/api/v1/grids.geojson", level=4)["features"]
    mine, theirs = villages[0]["properties"]["code"], villages[1]["properties"]["code"]
    person = get(base_url, centre, f"/api/v1/grids/{theirs}/contents", kind="person", limit=1, offset=0)["items"][0]
    status, revealed = api_call(base_url, "POST", f"/api/v1/people/{person['id']}/reveal", token=centre, body={"reason": "浏览器测试核对"})
    assert status == 200, revealed
    number = revealed["residentId"]
    unit = [f["properties"]["code"] for f in get(base_url, centre, "/api/v1/grids.geojson", level=5, parent=mine)["features"]][0]
    village = api_token(base_url, f"village-{mine}")
    req = urllib.request.Request(f"{base_url}/api/v1/imports?kind=people&dryRun=false",
                                 data=f"姓名,公民身份号码,网格编码\n越界测试,{number},{unit}\n".encode(), method="POST",
                                 headers={"Content-Type": "text/csv", "Authorization": f"Bearer {village}", "Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        report = json.loads(resp.read())
    assert report["applied"] is True and report["imported"] == 1 and report["conflicts"] == []

    town = get(base_url, centre, "/api/v1/grids.geojson", level=2)["features"][0]["properties"]["code"]
    login(driver, base_url, f"town-{town}")
    visible(driver, "gov-tab-import").click()
    visible(driver, "import-page")
    row = visible(driver, "merge-row")
    text = row.text
    assert "越界测试" in text and person["title"] in text
    assert number not in text, "the resident ID must be masked"
    shot(driver, "import-merges")
    row.find_element(*by_testid("merge-reject")).click()
    visible(driver, "merges-empty")
    # Rejected: the person on file kept their name.
    assert get(base_url, centre, f"/api/v1/people/{person['id']}")["name"] == person["title"]
