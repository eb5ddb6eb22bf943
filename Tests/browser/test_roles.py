"""What the administrators see: the auditor only the audit log, the system administrator users."""
from selenium.webdriver.common.by import By

from conftest import api_call, api_token, by_testid, login, shot, visible, wait


def rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, '[data-testid="audit-row"]')


def test_auditor_sees_only_the_audit_log_with_the_logins(driver, base_url):
    api_token(base_url, "centre")  # one more login to find in the log
    login(driver, base_url, "auditor")
    visible(driver, "audit-page")
    nav = [a.get_attribute("data-testid") for a in driver.find_elements(By.CSS_SELECTOR, '[data-testid="nav"] a')]
    assert nav == ["nav-audit"]
    wait(driver, lambda d: len(rows(d)) > 0, "audit table stayed empty")
    entries = [(r.get_attribute("data-user"), r.get_attribute("data-action")) for r in rows(driver)]
    logins = [e for e in entries if "login" in e[1].lower() or "session" in e[1].lower()]
    assert any(u == "auditor" for u, _ in logins), entries[:10]
    assert any(u == "centre" for u, _ in logins), entries[:10]
    seqs = [int(r.get_attribute("data-seq")) for r in rows(driver)]
    assert seqs == sorted(seqs, reverse=True), "entries are not newest first"
    shot(driver, "audit")

    # Filter by user: every row shown belongs to that user.
    driver.find_element(*by_testid("audit-user")).send_keys("centre")
    driver.find_element(*by_testid("audit-search")).click()
    wait(driver, lambda d: rows(d) and all(r.get_attribute("data-user") == "centre" for r in rows(d)))

    # The auditor cannot open the map: the app sends them back to the audit page.
    driver.get(base_url + "/#/map")
    visible(driver, "audit-page")
    assert not driver.find_elements(*by_testid("map"))


def test_audit_paging_follows_next_before(driver, base_url):
    token = api_token(base_url, "auditor")
    status, first = api_call(base_url, "GET", "/api/v1/audit?limit=50", token=token)
    assert status == 200
    assert "nextBefore" in first, "contract: the audit page always carries nextBefore (null on the last page)"
    login(driver, base_url, "auditor")
    wait(driver, lambda d: len(rows(d)) > 0)
    next_button = driver.find_element(*by_testid("audit-next"))
    if first["nextBefore"] is None:
        assert not next_button.is_enabled()
        return
    top = int(rows(driver)[0].get_attribute("data-seq"))
    next_button.click()
    wait(driver, lambda d: rows(d) and int(rows(d)[0].get_attribute("data-seq")) < top)
    assert all(int(r.get_attribute("data-seq")) < first["nextBefore"] + 1 for r in rows(driver))
    driver.find_element(*by_testid("audit-prev")).click()
    wait(driver, lambda d: rows(d) and int(rows(d)[0].get_attribute("data-seq")) >= top)


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
