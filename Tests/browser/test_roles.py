"""What the administrators see: the auditor only the audit log, the system administrator users."""
from selenium.webdriver.common.by import By

from conftest import api_call, api_token, by_testid, login, shot, visible, wait


def rows(driver):
    """The audit rows shown, read in one go (the table is redrawn while pages load)."""
    return driver.execute_script("""
        return [...document.querySelectorAll('[data-testid="audit-row"]')]
          .map(r => ({seq: Number(r.dataset.seq), user: r.dataset.user, action: r.dataset.action}));""")


def seqs(driver):
    return [r["seq"] for r in rows(driver)]


def test_auditor_sees_only_the_audit_log_with_the_logins(driver, base_url):
    api_token(base_url, "centre")  # one more login to find in the log
    login(driver, base_url, "auditor")
    visible(driver, "audit-page")
    nav = [a.get_attribute("data-testid") for a in driver.find_elements(By.CSS_SELECTOR, '[data-testid="nav"] a')]
    assert nav == ["nav-audit"]
    wait(driver, lambda d: len(rows(d)) > 0, "audit table stayed empty")
    entries = [(r["user"], r["action"]) for r in rows(driver)]
    logins = [e for e in entries if "login" in e[1].lower() or "session" in e[1].lower()]
    assert any(u == "auditor" for u, _ in logins), entries[:10]
    assert any(u == "centre" for u, _ in logins), entries[:10]
    shown = seqs(driver)
    assert shown == sorted(shown, reverse=True), "entries are not newest first"
    shot(driver, "audit")

    # Filter by user: every row shown belongs to that user.
    driver.find_element(*by_testid("audit-user")).send_keys("centre")
    driver.find_element(*by_testid("audit-search")).click()
    wait(driver, lambda d: (lambda rs: rs and all(r["user"] == "centre" for r in rs))(rows(d)))

    # The auditor cannot open the map: the app sends them back to the audit page.
    driver.get(base_url + "/#/map")
    visible(driver, "audit-page")
    assert not driver.find_elements(*by_testid("map"))


def test_audit_paging_follows_next_before(driver, base_url):
    token = api_token(base_url, "auditor")
    # Make sure there is more than one page: each forbidden request is audited as a denial.
    for _ in range(60):
        assert api_call(base_url, "GET", "/api/v1/users", token=token)[0] == 403
    first = wait(driver, lambda d: (lambda r: r[1] if r[0] == 200 and r[1].get("nextBefore") else None)(
        api_call(base_url, "GET", "/api/v1/audit?limit=50", token=token)), "the audit log never reached two pages")

    login(driver, base_url, "auditor")
    wait(driver, lambda d: len(rows(d)) > 0)
    page1 = seqs(driver)
    top = page1[0]
    assert len(page1) == 50
    driver.find_element(*by_testid("audit-next")).click()
    wait(driver, lambda d: (lambda ss: ss and ss[0] < top)(seqs(d)))
    page2 = seqs(driver)
    assert max(page2) < min(page1) and page2 == sorted(page2, reverse=True)
    driver.find_element(*by_testid("audit-prev")).click()
    # Back on the newest page, which now also holds the entries of the auditor's own reads of the log.
    wait(driver, lambda d: (lambda ss: ss and ss[0] >= top and top in ss)(seqs(d)))

    # Following nextBefore to the end: the last page says so with "nextBefore": null (contract).
    body, before = first, first["nextBefore"]
    for _ in range(100):
        status, body = api_call(base_url, "GET", f"/api/v1/audit?limit=50&before={before}", token=token)
        assert status == 200
        if not body.get("nextBefore"):
            break
        before = body["nextBefore"]
    assert "nextBefore" in body and body["nextBefore"] is None, "contract: the last page carries \"nextBefore\": null"


def test_system_administrator_sees_the_users_table(driver, base_url):
    token = api_token(base_url, "admin")
    status, users = api_call(base_url, "GET", "/api/v1/users", token=token)
    assert status == 200
    login(driver, base_url, "admin")
    visible(driver, "nav-users").click()
    visible(driver, "users-page")
    wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, '[data-testid="user-row"]')) == len(users["items"]))
    shown = {r.get_attribute("data-username") for r in driver.find_elements(By.CSS_SELECTOR, '[data-testid="user-row"]')}
    assert {"centre", "auditor"} <= shown
    assert not driver.find_elements(*by_testid("nav-audit"))
    shot(driver, "users")
