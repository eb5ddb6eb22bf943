"""Login, logout and session expiry in the browser."""
import re

from selenium.webdriver.common.by import By

from conftest import api_call, by_testid, login, shot, visible, wait

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_login_failure_shows_the_servers_chinese_detail(driver, base_url):
    status, problem = api_call(base_url, "POST", "/api/v1/session",
                               body={"username": "centre", "password": "wrong-password"})
    assert status == 401

    driver.get(base_url + "/")
    visible(driver, "login-username").send_keys("centre")
    driver.find_element(*by_testid("login-password")).send_keys("wrong-password")
    driver.find_element(*by_testid("login-submit")).click()
    error = visible(driver, "login-error")
    shot(driver, "login-failure")

    assert error.text.strip() == problem["detail"]
    assert CJK.search(error.text), f"error is not Chinese: {error.text!r}"
    assert "用户名或密码错误" in error.text
    assert driver.execute_script("return sessionStorage.getItem('pingan.token')") is None


def test_logout_returns_to_login_and_ends_the_session(driver, base_url):
    login(driver, base_url, "centre")
    token = driver.execute_script("return sessionStorage.getItem('pingan.token')")
    assert token, "no token kept in sessionStorage after login"
    assert api_call(base_url, "GET", "/api/v1/me", token=token)[0] == 200

    driver.find_element(*by_testid("logout")).click()
    visible(driver, "login-form")
    shot(driver, "logout")
    assert driver.execute_script("return sessionStorage.getItem('pingan.token')") is None
    assert api_call(base_url, "GET", "/api/v1/me", token=token)[0] == 401

    driver.get(base_url + "/#/map")
    visible(driver, "login-form")
    assert not driver.find_elements(*by_testid("map"))


def test_an_expired_session_goes_back_to_login(driver, base_url):
    login(driver, base_url, "centre")
    driver.execute_script("sessionStorage.setItem('pingan.token', 'not-a-valid-token')")
    driver.get(base_url + "/#/map")
    driver.refresh()
    visible(driver, "login-form")
    notice = visible(driver, "login-error")
    assert CJK.search(notice.text)


def test_header_shows_display_name_and_role(driver, base_url):
    login(driver, base_url, "centre")
    me = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/api/v1/me', {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('pingan.token')}})
          .then(r => r.json()).then(done);""")
    assert driver.find_element(*by_testid("user-name")).text == me["displayName"]
    assert driver.find_element(*by_testid("user-role")).text == me["roleName"]
    assert driver.find_element(By.ID, "logout").text == "退出"
