"""The grid map: towns, levels, the tree, the detail panel and locate."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import api_call, api_token, by_testid, login, make_driver, shot, visible, wait, wait_map_level

COUNTY = "渌口区"


def choose_level(driver, level):
    Select(driver.find_element(*by_testid("level-select"))).select_by_value(str(level))
    return wait_map_level(driver, level)


def root_detail(base_url, username):
    token = api_token(base_url, username)
    status, roots = api_call(base_url, "GET", "/api/v1/grids", token=token)
    assert status == 200
    status, detail = api_call(base_url, "GET", f"/api/v1/grids/{roots['items'][0]['code']}", token=token)
    assert status == 200
    return roots["items"], detail


def test_centre_sees_the_county_towns_then_all_unit_grids(driver, base_url):
    roots, county = root_detail(base_url, "centre")
    towns = [c for c in county["children"] if c["level"] == 2]
    assert county["name"] == COUNTY and towns

    login(driver, base_url, "centre")
    visible(driver, "map")
    assert wait_map_level(driver, 2) == len(towns)
    drawn = driver.find_elements(By.CSS_SELECTOR, 'path[data-testid="grid-polygon"][data-level="2"]')
    assert sorted(p.get_attribute("data-code") for p in drawn) == sorted(t["code"] for t in towns)
    labels = {el.text for el in driver.find_elements(By.CSS_SELECTOR, ".grid-label")}
    assert {t["name"] for t in towns} <= labels
    fills = {p.get_attribute("fill") for p in drawn}
    assert len(fills) == len(towns), "towns are not coloured distinctly"
    shot(driver, "map-towns")

    # Nothing comes from the internet: no base tiles unless /me names an intranet tile server,
    # and every resource the page loaded is our own server's.
    me = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/me', {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('pingan.token')}})
          .then(r => r.json()).then(done);""")
    if not (me.get("map") or {}).get("tileUrl"):
        assert not driver.find_elements(By.CSS_SELECTOR, "img.leaflet-tile")
    loaded = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(u.startswith(base_url + "/") for u in loaded), [u for u in loaded if not u.startswith(base_url)]

    assert choose_level(driver, 5) == 260
    assert len(driver.find_elements(By.CSS_SELECTOR, 'path[data-testid="grid-polygon"][data-level="5"]')) == 260
    assert county["childCounts"]["5"] == 260
    shot(driver, "map-level5")


def test_clicking_a_grid_opens_its_path_and_zooms(driver, base_url):
    login(driver, base_url, "centre")
    wait_map_level(driver, 2)
    choose_level(driver, 5)
    zoom_before = driver.execute_script("return window.pinganMap.map.getZoom()")
    # Click inside one polygon: the map's own projection of the polygon's label point is exact.
    code = driver.execute_script("return window.pinganMap.codes()[17]")
    token = driver.execute_script("return sessionStorage.getItem('pingan.token')")
    status, grid = api_call(base_url, "GET", f"/api/v1/grids/{code}", token=token)
    assert status == 200
    # The map may still be settling (fit-to-bounds animation, layout) when the level is drawn: wait until
    # the label point really lands on the grid's own polygon before clicking there.
    x, y = wait(driver, lambda d: d.execute_script("""
        const m = window.pinganMap.map, p = m.latLngToContainerPoint([arguments[0], arguments[1]]);
        const r = m.getContainer().getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + p.x, r.top + p.y);
        if (!hit || hit.getAttribute('data-code') !== arguments[2]) return null;
        return [p.x - r.width / 2, p.y - r.height / 2];""", grid["labelPoint"]["lat"], grid["labelPoint"]["lng"], code),
        "the grid's label point never landed on its polygon")
    ActionChains(driver).move_to_element_with_offset(driver.find_element(*by_testid("map")), int(x), int(y)).click().perform()

    panel = visible(driver, "grid-panel")
    wait(driver, lambda d: panel.get_attribute("data-code") == code, "panel did not open the clicked grid")
    crumbs = [li.text for li in driver.find_elements(By.CSS_SELECTOR, '[data-testid="grid-breadcrumb"] li')]
    assert crumbs[0] == COUNTY
    assert crumbs == [p["name"] for p in grid["path"]]
    assert driver.find_element(*by_testid("grid-level")).text == grid["levelName"]
    worker_text = driver.find_element(*by_testid("grid-workers")).text
    for w in grid["workers"]:
        assert w["displayName"] in worker_text
    wait(driver, lambda d: d.execute_script("return window.pinganMap.map.getZoom()") > zoom_before, "map did not zoom in")
    selected = driver.find_element(By.CSS_SELECTOR, f'path[data-code="{code}"]')
    assert "selected" in selected.get_attribute("class")
    tree_selected = driver.find_elements(By.CSS_SELECTOR, '[data-testid="tree-node"].selected')
    assert [n.get_attribute("data-code") for n in tree_selected] == [code]
    shot(driver, "grid-panel")


def test_tree_node_opens_the_panel_with_counts(driver, base_url):
    _, county = root_detail(base_url, "centre")
    town = county["children"][0]
    login(driver, base_url, "centre")
    node = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, f'[data-testid="tree-node"][data-code="{town["code"]}"]'))
    node.find_element(*by_testid("tree-label")).click()
    panel = visible(driver, "grid-panel")
    wait(driver, lambda d: panel.get_attribute("data-code") == town["code"])
    crumbs = [li.text for li in driver.find_elements(By.CSS_SELECTOR, '[data-testid="grid-breadcrumb"] li')]
    assert crumbs == [COUNTY, town["name"]]
    _, town_detail = api_call(base_url, "GET", f"/api/v1/grids/{town['code']}", token=api_token(base_url, "centre"))
    counts = {el.get_attribute("data-level"): el.find_element(By.CSS_SELECTOR, ".count-value").text
              for el in driver.find_elements(By.CSS_SELECTOR, '[data-testid="grid-counts"] .count')}
    assert counts == {k: str(v) for k, v in town_detail["childCounts"].items()}
    # Expanding the node lazily lists exactly the town's children.
    if node.get_attribute("aria-expanded") != "true":
        node.find_element(*by_testid("tree-toggle")).click()
    wait(driver, lambda d: len(node.find_elements(By.CSS_SELECTOR, ':scope > ul > [data-testid="tree-node"]'))
         == len(town_detail["children"]))


def test_locate_finds_the_unit_grid_of_a_point(driver, base_url):
    token = api_token(base_url, "centre")
    status, expected = api_call(base_url, "GET", "/api/v1/grids/locate?lat=27.702&lng=113.1427", token=token)
    login(driver, base_url, "centre")
    wait_map_level(driver, 2)
    visible(driver, "locate-input").send_keys("27.702,113.1427")
    driver.find_element(*by_testid("locate-submit")).click()
    if status == 200:
        panel = visible(driver, "grid-panel")
        wait(driver, lambda d: panel.get_attribute("data-code") == expected["code"])
        assert driver.find_element(*by_testid("grid-name")).text == expected["name"]
    else:
        toast = visible(driver, "toast")
        assert toast.text == expected["detail"]
    shot(driver, "locate")


def test_a_town_account_sees_only_its_own_town(driver, base_url):
    town_code = "430212100"
    login(driver, base_url, f"town-{town_code}")
    roots = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="tree-roots"] > [data-testid="tree-node"]'))
    assert [r.get_attribute("data-code") for r in roots] == [town_code]
    options = [o.get_attribute("value") for o in Select(driver.find_element(*by_testid("level-select"))).options]
    assert options == ["2", "3", "4", "5"]
    assert choose_level(driver, 2) == 1
    n = choose_level(driver, 5)
    codes = driver.execute_script("return window.pinganMap.codes()")
    assert 0 < n < 260 and len(codes) == n
    assert all(c.startswith(town_code) for c in codes), [c for c in codes if not c.startswith(town_code)][:5]
    shot(driver, "town-level5")


def test_unavailable_parts_say_what_is_coming(driver, base_url):
    login(driver, base_url, "centre")
    me = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/me', {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('pingan.token')}})
          .then(r => r.json()).then(done);""")
    pending = [p for p in me["parts"] if not p["available"]]
    assert {p["key"] for p in me["parts"]} == {"governance", "cases", "command", "sensing", "signals"}
    for part in pending:
        driver.find_element(*by_testid(f"nav-{part['key']}")).click()
        wait(driver, lambda d: d.find_element(*by_testid("part-title")).text == part["name"])
        if part.get("note"):
            assert driver.find_element(*by_testid("part-note")).text == part["note"]
    shot(driver, "part-pending")




def test_phone_layout(base_url):
    phone = make_driver(390, 844)
    try:
        login(phone, base_url, "centre")
        wait_map_level(phone, 2)
        map_width = phone.execute_script("return document.querySelector('[data-testid=map]').getBoundingClientRect().width")
        viewport = phone.execute_script("return window.innerWidth")
        assert map_width >= viewport - 2, "the map does not use the phone's full width"
        assert not phone.find_element(*by_testid("nav")).is_displayed() or \
            phone.execute_script("return document.querySelector('[data-testid=nav]').getBoundingClientRect().right") <= 0
        phone.find_element(*by_testid("tree-toggle-btn")).click()
        first = wait(phone, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="tree-node"] [data-testid="tree-label"]'))
        wait(phone, lambda d: first.is_displayed() and first.rect["x"] >= 0)
        first.click()
        panel = visible(phone, "grid-panel")
        assert panel.rect["width"] >= viewport - 2
        shot(phone, "phone-map")
    finally:
        phone.quit()
