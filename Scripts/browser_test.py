#!/usr/bin/env python3
"""papod's web client in a real browser: headless Chromium (Debian's chromium and
chromium-driver) driven by Selenium.

    Scripts/browser_test.py [PATH_TO_PAPOD]      (default: .build/debug/papod)

Two students and a teacher in three browser sessions chat in #lobby with a plain TCP client;
the teacher makes the room quiet, a student raises a hand and gets the turn, a breakout runs
and is gathered, a line a moderator removes is struck out, a closed poll is drawn as bars, a
student is kicked and sees why; messages crafted as XSS render as text
and run nothing; the pages reconnect after papod restarts; a Portuguese browser reads the page
and papod in Portuguese until /lang en switches both. Waits for conditions, never for
fixed times. Saves screenshots beside itself (Scripts/screenshots/), which the README shows.
"""

import os
import re
import socket
import sys
import tempfile
import threading
import time

import papod_process
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKOUT = os.path.dirname(HERE)
SCREENSHOTS = os.path.join(HERE, "screenshots")
TIMEOUT = 20
PASSWORD = "prof-secret-123"


class Papod(papod_process.Papod):
    """papod with the assignment's and the web door, its ports kept across a restart."""

    def __init__(self, binary, data_dir):
        super().__init__(binary, data_dir, PASSWORD, doors=("port", "http_port"),
                         arguments=["--no-irc", "--flood-rate", "0"], timeout=TIMEOUT)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.http_port}/"


class LineClient:
    """A netcat-like client on the assignment's door, collecting lines."""

    def __init__(self, port):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        while True:
            try:
                data = self.socket.recv(4096)
            except OSError:
                return
            if not data:
                return
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                self.lines.append(line.decode("utf-8", "replace"))

    def send(self, text):
        self.socket.sendall((text + "\n").encode())

    def wait_for(self, predicate, what):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if any(predicate(line) for line in self.lines):
                return
            time.sleep(0.02)
        raise AssertionError(f"nc client: no line {what}; got {self.lines[-10:]}")


def browser(width, height, language="en-US"):
    """A headless Chromium whose user reads `language`: its navigator.languages and its
    Accept-Language, which the page and papod each follow."""
    options = Options()
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--disable-gpu")
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--lang={language}")
    options.add_experimental_option("prefs", {"intl.accept_languages": f"{language},{language.split('-')[0]}"})
    # The console, so that a script error fails the test with its message.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    binary = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None)
    if binary:
        options.binary_location = binary
    driver_path = next((p for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver") if os.path.exists(p)), None)
    service = Service(executable_path=driver_path) if driver_path else Service()
    return webdriver.Chrome(service=service, options=options)


class Page:
    """One person's browser on papod's page."""

    def __init__(self, name, driver, url):
        self.name, self.driver, self.url = name, driver, url

    def join(self, nick, known_as="you are now known as {nick}"):
        self.driver.get(self.url)
        field = WebDriverWait(self.driver, TIMEOUT).until(lambda d: d.find_element(By.ID, "nick"))
        field.clear()
        field.send_keys(nick + Keys.ENTER)
        known_as = known_as.format(nick=nick)
        self.wait_for_line(lambda t: known_as in t, repr(known_as))
        check(not self.driver.find_element(By.ID, "join").is_displayed(), f"{self.name}: the nick form still shows")
        check(self.driver.find_element(By.ID, "line").is_displayed(), f"{self.name}: no message field")

    def say(self, text):
        line = self.driver.find_element(By.ID, "line")
        line.send_keys(text + Keys.ENTER)

    def lines(self):
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll('#log li')).map(li => li.textContent)")

    def text(self, selector):
        """The text of the first element matching `selector`, shown or hidden."""
        return self.driver.execute_script("return document.querySelector(arguments[0]).textContent.trim()", selector)

    def placeholder(self):
        return self.driver.find_element(By.ID, "line").get_attribute("placeholder")

    def language(self):
        return self.driver.execute_script("return document.documentElement.lang")

    def stamps(self):
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll('#log time[datetime]')).map(t => t.textContent)")

    def members(self):
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll('#members .member')).map(b => b.textContent)")

    def hands(self):
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll('#hands li')).map(li => li.textContent)")

    def member_action(self, member, label):
        """Opens `member`'s menu in the member list and picks the action `label`."""
        self.driver.find_element(By.XPATH, f"//ul[@id='members']//button[normalize-space()='{member}']").click()
        menu = self.driver.find_element(By.ID, "member-menu")
        self.wait_until(lambda: menu.is_displayed(), f"{member}'s menu open")
        menu.find_element(By.XPATH, f".//div[@id='member-menu-actions']/button[normalize-space()='{label}']").click()

    def script_errors(self):
        """The page's uncaught script errors so far (Chromium's console log, read once)."""
        return [entry["message"] for entry in self.driver.get_log("browser") if entry.get("source") == "javascript"]

    def click(self, element_id):
        self.driver.find_element(By.ID, element_id).click()

    def wait_until(self, predicate, what):
        try:
            WebDriverWait(self.driver, TIMEOUT).until(lambda d: predicate())
        except WebDriverException as error:
            raise AssertionError(f"{self.name}: never {what}; members {self.members()}, lines {self.lines()[-5:]}") from error

    def status(self):
        return self.driver.find_element(By.ID, "status").text

    def wait_for_line(self, predicate, what):
        try:
            WebDriverWait(self.driver, TIMEOUT).until(lambda d: any(predicate(t) for t in self.lines()))
        except WebDriverException as error:
            raise AssertionError(f"{self.name}: no line {what}; last lines: {self.lines()[-8:]}; "
                                 f"script errors: {self.script_errors()}") from error

    def wait_for_status(self, predicate, what):
        try:
            WebDriverWait(self.driver, TIMEOUT).until(lambda d: predicate(self.status()))
        except WebDriverException as error:
            raise AssertionError(f"{self.name}: status never {what}; it is {self.status()!r}") from error

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        self.driver.save_screenshot(os.path.join(SCREENSHOTS, name))


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(CHECKOUT, ".build/debug/papod")
    data_dir = tempfile.mkdtemp(prefix="papo-browser-")
    papod = Papod(binary, data_dir).start()
    drivers = []
    try:
        ana = Page("ana", browser(1280, 800), papod.url)
        drivers.append(ana.driver)
        bia = Page("bia", browser(1280, 800), papod.url)
        drivers.append(bia.driver)
        prof = Page("prof", browser(390, 844), papod.url)
        drivers.append(prof.driver)
        nc = LineClient(papod.port)
        nc.wait_for(lambda l: l.startswith("-!- Welcome"), "welcome")
        nc.send("/nick rui")
        nc.wait_for(lambda l: l == "-!- you are now known as rui", "nick")

        for page, nick in ((ana, "ana"), (bia, "bia"), (prof, "prof")):
            page.join(nick)
        ana.wait_until(lambda: sorted(ana.members()) == ["ana (you)", "bia", "prof", "rui"], "the member list")
        check(not ana.driver.find_element(By.ID, "teaching").is_displayed(), "a student sees the moderator tools")
        rooms = ana.driver.execute_script(
            "return Array.from(document.querySelectorAll('#rooms .room-entry')).map(b => b.textContent)")
        check(rooms and rooms[0].startswith("#lobby ("), f"ana's room list: {rooms}")
        check(not any("rooms:" in t or t.endswith(" room:") for t in ana.lines()), "the page's own /rooms showed in the log")
        print("three browsers and nc in #lobby, with the member list")

        ana.say("bom dia, turma")
        bia.wait_for_line(lambda t: "<ana>" in t and "bom dia, turma" in t, "from ana")
        nc.wait_for(lambda l: l == "<ana> bom dia, turma", "from ana")
        nc.send("oi do terminal")
        for page in (ana, bia, prof):
            page.wait_for_line(lambda t: "<rui>" in t and "oi do terminal" in t, "from rui (nc)")
        print("chat flows between the browsers and nc")

        prof.say(f"/login {PASSWORD}")
        prof.wait_for_line(lambda t: "you are now a moderator" in t, "moderator")
        ana.wait_until(lambda: "@prof" in ana.members(), "prof marked as a moderator")
        prof.wait_until(lambda: prof.driver.find_element(By.ID, "teaching").is_displayed(), "the moderator tools")
        prof.click("quiet")
        ana.wait_for_line(lambda t: "quiet" in t, "the room is quiet")
        ana.say("posso falar?")
        ana.wait_for_line(lambda t: t.startswith("error") or "error:" in t, "a refusal in the quiet room")
        ana.click("hand")
        ana.wait_for_line(lambda t: "your hand is raised" in t, "hand raised")
        prof.wait_until(lambda: prof.hands() == ["ana"], "ana in the hands queue")
        prof.click("next")
        prof.wait_until(lambda: prof.hands() == [], "the hands queue empty after next")
        bia.wait_for_line(lambda t: "it is ana's turn to speak" in t, "ana's turn")
        prof.say("/voice ana")
        ana.wait_for_line(lambda t: "voice" in t, "ana voiced")
        ana.say("obrigada, professor")
        bia.wait_for_line(lambda t: "obrigada, professor" in t, "ana speaking with the turn")
        ana.wait_until(lambda: "+ana (you)" in ana.members(), "ana marked as voiced")
        prof.click("quiet")
        bia.wait_for_line(lambda t: "ended quiet mode" in t, "the room open again")
        print("quiet room, raised hand and the turn")

        # A moderator removes a line: the pages strike it out, labelled, where it was.
        bia.say("uma coisa feia")
        prof.wait_for_line(lambda t: "<bia>" in t and "uma coisa feia" in t, "bia's line")
        ana.wait_for_line(lambda t: "<bia>" in t and "uma coisa feia" in t, "bia's line")
        number = prof.driver.execute_script(
            "const li = Array.from(document.querySelectorAll('#log li')).find(l => l.textContent.includes('uma coisa feia'));"
            "return li ? li.dataset.number : null")
        check(number and number.isdigit(), f"bia's line has no number on prof's page: {number!r}")
        prof.say(f"/delete {number}")
        ana.wait_for_line(lambda t: f"prof removed a message (#{number})" in t, "the removal notice")
        struck = "#log li.removed del"
        ana.wait_until(lambda: ana.driver.execute_script(
            "const d = document.querySelector(arguments[0]); return d && d.textContent.includes('uma coisa feia')", struck),
            "bia's line struck out")
        check(ana.text("#log li.removed .removed-label") == "removed by a moderator",
              f"the label says {ana.text('#log li.removed .removed-label')!r}")
        decoration = ana.driver.execute_script(
            "return getComputedStyle(document.querySelector(arguments[0])).textDecorationLine", struck)
        check("line-through" in decoration, f"the removed line is not struck through: {decoration!r}")
        print("a removed line is struck out on the pages")

        # A poll: the pages draw its result as bars; the text doors read the chart.
        prof.say("/poll Qual protocolo? | TCP | UDP")
        ana.wait_for_line(lambda t: "/vote 1 to 2" in t, "the poll")
        ana.say("/vote 1")
        ana.wait_for_line(lambda t: "you voted 1. TCP" in t, "ana's vote")
        bia.say("/vote 1")
        bia.wait_for_line(lambda t: "you voted 1. TCP" in t, "bia's vote")
        nc.send("/vote 2")
        nc.wait_for(lambda l: l == "-!- you voted 2. UDP", "rui's vote")
        prof.say("/endpoll")
        nc.wait_for(lambda l: "2. UDP" in l and "█" in l, "the text chart")
        ana.wait_until(lambda: len(ana.driver.find_elements(By.CSS_SELECTOR, "#log li.poll .poll-option")) == 2, "the bars")
        check(ana.text("#log li.poll figcaption") == "Poll result: Qual protocolo?",
              f"the chart's caption: {ana.text('#log li.poll figcaption')!r}")
        counts = ana.driver.execute_script(
            "return Array.from(document.querySelectorAll('#log li.poll .poll-count')).map(c => c.textContent)")
        check(counts == ["2 votes (67%)", "1 vote (33%)"], f"the bars' counts: {counts}")
        widths = ana.driver.execute_script(
            "return Array.from(document.querySelectorAll('#log li.poll .poll-fill'))"
            ".map(f => f.getBoundingClientRect().width / f.parentElement.getBoundingClientRect().width)")
        check(len(widths) == 2 and abs(widths[0] - 0.67) < 0.03 and abs(widths[1] - 0.33) < 0.03, f"the bars' widths: {widths}")
        check(not any("█" in t or "░" in t for t in ana.lines()), "the page showed the text chart too")
        ana.screenshot("web-poll.png")
        print("a closed poll is drawn as bars on the pages")

        prof.driver.find_element(By.ID, "breakout-minutes").clear()
        prof.driver.find_element(By.ID, "breakout-minutes").send_keys("5")
        prof.driver.find_element(By.CSS_SELECTOR, "#breakout-form button").click()
        ana.wait_for_line(lambda t: "breakout" in t and "#breakout-" in t, "the breakout")
        bia.wait_for_line(lambda t: "breakout" in t and "#breakout-" in t, "the breakout")
        prof.say("/breakout")
        prof.wait_for_line(lambda t: "left" in t and "breakout from" in t, "the breakout's time left")
        ana.wait_until(lambda: ana.driver.find_element(By.ID, "room-name").text.startswith("#breakout-"), "the breakout room shown")
        ana.wait_until(lambda: re.fullmatch(r"Breakout: [45]:\d\d left", ana.driver.find_element(By.ID, "breakout").text or ""),
                       "the breakout's countdown")
        prof.wait_until(lambda: "Breakout:" in prof.driver.find_element(By.ID, "breakout").text, "the countdown in the split room")
        prof.click("gather")
        ana.wait_for_line(lambda t: "gathered everyone" in t, "gathered")
        ana.wait_until(lambda: ana.driver.find_element(By.ID, "room-name").text == "#lobby", "#lobby shown again")
        ana.wait_until(lambda: not ana.driver.find_element(By.ID, "breakout").is_displayed(), "the countdown gone")
        prof.wait_until(lambda: not prof.driver.find_element(By.ID, "breakout").is_displayed(), "the countdown gone for prof")
        print("breakout with its time, and gather")

        # XSS: everything arrives as text and nothing runs.
        attacks = [
            '<img src=x onerror="window.__pwned=1">',
            "<script>window.__pwned=2</script>",
            "javascript:window.__pwned=3",
            "see https://example.org/x?<b>bold</b> and javascript:alert(1)",
        ]
        for attack in attacks:
            bia.say(attack)
        for attack in attacks:
            ana.wait_for_line(lambda t, a=attack: t.endswith(a), f"the text {attack!r}")
        for page in (ana, prof):
            pwned = page.driver.execute_script("return window.__pwned === undefined ? null : window.__pwned")
            check(pwned is None, f"{page.name}: a message ran script ({pwned})")
            images = page.driver.execute_script("return document.querySelectorAll('#log img, #log script, #log b').length")
            check(images == 0, f"{page.name}: a message became HTML ({images} elements)")
            hrefs = page.driver.execute_script("return Array.from(document.querySelectorAll('#log a')).map(a => a.href)")
            check(all(h.startswith("https://") or h.startswith("http://") for h in hrefs), f"unsafe links: {hrefs}")
            check(any(h.startswith("https://example.org/x") for h in hrefs), f"no http(s) link made: {hrefs}")
            rels = page.driver.execute_script("return Array.from(document.querySelectorAll('#log a')).map(a => a.rel)")
            check(all(r == "noopener noreferrer" for r in rels), f"links without noopener: {rels}")
        hostile_topic = '<b>Aula</b><img src=x onerror="window.__pwned=4">'
        prof.say("/topic " + hostile_topic)
        ana.wait_until(lambda: ana.driver.find_element(By.ID, "topic").text == hostile_topic, "the topic shown as text")
        check(ana.driver.execute_script("return document.querySelectorAll('header img, header b').length") == 0,
              "the topic became HTML")
        check(ana.driver.execute_script("return window.__pwned === undefined"), "the topic ran script")
        print("XSS attempts render as text and run nothing")

        bia.say("/msg ana só pra você")
        ana.wait_until(lambda: ana.driver.execute_script(
            "return Array.from(document.querySelectorAll('#tabs [role=tab]')).map(t => t.textContent)") == ["Room", "bia1"],
            "a tab for bia with one unread message")
        check(not any("só pra você" in t for t in ana.lines()), "a private message showed in the room's log")
        ana.driver.find_element(By.XPATH, "//div[@id='tabs']/button[starts-with(., 'bia')]").click()
        ana.wait_until(lambda: ana.driver.execute_script(
            "const l = document.querySelector('ol.log:not([hidden])'); return l && l.textContent.includes('só pra você')"),
            "bia's message in her tab")
        ana.say("recebi")
        bia.wait_until(lambda: bia.driver.execute_script(
            "return Array.from(document.querySelectorAll('ol.log li')).some(li => li.textContent.includes('recebi'))"),
            "ana's answer in bia's private tab")
        ana.click("tab-room")
        print("private messages in their own tabs, with unread counts")

        ana.screenshot("web-desktop.png")
        prof.screenshot("web-phone.png")

        # The member menu: a mute for a chosen time, then a kick with a reason, asked in the dialog.
        prof.member_action("bia", "Mute for…")
        Select(prof.driver.find_element(By.ID, "member-menu-choice")).select_by_visible_text("10 minutes")
        prof.driver.find_element(By.CSS_SELECTOR, "#member-menu-ask button").click()
        bia.wait_for_line(lambda t: "you were muted by prof until" in t and "moderator lifts" not in t, "bia muted for a time")
        prof.member_action("bia", "Kick…")
        prof.driver.find_element(By.ID, "member-menu-text").send_keys("chega de testes" + Keys.ENTER)
        bia.wait_for_line(lambda t: "kicked" in t and "chega de testes" in t, "the kick and its reason")
        bia.wait_for_status(lambda s: "disconnected by the server" in s, "disconnected")
        ana.wait_for_line(lambda t: "bia was kicked" in t, "bia's kick")
        print("the kicked student sees why and does not reconnect")

        papod.stop()
        ana.wait_for_status(lambda s: "offline" in s, "offline")
        papod.start()
        ana.wait_for_status(lambda s: s == "connected", "connected again")
        ana.wait_for_line(lambda t: t.endswith("you are now known as ana") and ana.lines().count(t) >= 1, "ana's nick back")
        prof.wait_for_status(lambda s: s == "connected", "connected again")
        check("offline" not in bia.status() and "disconnected" in bia.status(), "bia reconnected after her kick")
        ana.say("voltei")
        nc2 = LineClient(papod.port)
        nc2.wait_for(lambda l: l.startswith("-!- Welcome"), "welcome after the restart")
        prof.wait_for_line(lambda t: "<ana>" in t and "voltei" in t, "ana after the restart")
        print("the pages reconnect after papod restarts")

        # A Portuguese browser: the page's own texts and papod's replies are Portuguese from the
        # start, and /lang en switches both, for good (it outlives a reload).
        lia = Page("lia", browser(1280, 800, "pt-BR"), papod.url)
        drivers.append(lia.driver)
        lia.driver.get(papod.url)
        lia.wait_until(lambda: lia.text("#join button") == "Entrar", "the join button in Portuguese")
        check(lia.language() == "pt-BR", f"lia: the page's lang is {lia.language()!r}")
        check(lia.text("label[for=nick]") == "Seu apelido", f"lia: the nick label is {lia.text('label[for=nick]')!r}")
        keys = lia.driver.execute_async_script(
            "const done = arguments[arguments.length - 1]; import('/i18n.js').then((m) => done(m.keys), (e) => done(String(e)))")
        check(isinstance(keys, dict) and keys["en"] == keys["pt-BR"], f"the tables' keys differ: {keys}")
        marked = lia.driver.execute_script(
            "return Array.from(document.querySelectorAll('*')).flatMap(e => "
            "Object.keys(e.dataset).filter(k => k.startsWith('i18n')).map(k => e.dataset[k]))")
        check(set(marked) <= set(keys["en"]), f"index.html names keys no table has: {set(marked) - set(keys['en'])}")
        lia.join("lia", known_as="agora você se chama {nick}")
        lia.wait_for_line(lambda t: "Boas-vindas ao papod" in t, "papod's welcome in Portuguese")
        check(lia.placeholder() == "Digite uma mensagem, ou /ajuda", f"lia: the placeholder is {lia.placeholder()!r}")
        check(lia.text("#hand") == "Levantar a mão", f"lia: the hand button says {lia.text('#hand')!r}")
        check(lia.status() == "conectado", f"lia: the status is {lia.status()!r}")
        lia.say("oi, gente")
        ana.wait_for_line(lambda t: "<lia>" in t and "oi, gente" in t, "lia's message")
        lia.wait_until(lambda: lia.stamps() and all(re.fullmatch(r"\d\d:\d\d", s) for s in lia.stamps()),
                       "times written as in Brazil (14:03)")
        lia.screenshot("web-pt-BR.png")
        lia.say("/lang en")
        lia.wait_for_line(lambda t: "papod now speaks English to you" in t, "papod's answer to /lang in English")
        lia.wait_until(lambda: lia.placeholder() == "Type a message, or /help", "the page in English")
        check(lia.language() == "en", f"lia: the page's lang is {lia.language()!r} after /lang en")
        check(lia.text("#join button") == "Join", f"lia: the join button says {lia.text('#join button')!r}")
        check(lia.status() == "connected", f"lia: the status is {lia.status()!r}")
        check(all(re.search(r"AM|PM", s) for s in lia.stamps()), f"lia: times not rewritten in English: {lia.stamps()}")
        lia.click("hand")
        lia.wait_for_line(lambda t: "your hand is raised" in t, "papod's reply in English")
        check(lia.text("#hand") == "Lower hand", f"lia: the hand button says {lia.text('#hand')!r}")
        lia.driver.refresh()
        lia.wait_for_line(lambda t: "Welcome to papod" in t, "papod's welcome in English after a reload")
        check(lia.placeholder() == "Type a message, or /help", f"lia: the placeholder after a reload is {lia.placeholder()!r}")
        # The header's switch asks papod, and the page follows papod's answer.
        lia.driver.find_element(By.CSS_SELECTOR, "#languages [data-language='pt-BR']").click()
        lia.wait_for_line(lambda t: "agora o papod fala português com você" in t, "papod's answer to the switch")
        lia.wait_until(lambda: lia.placeholder() == "Digite uma mensagem, ou /ajuda", "the page in Portuguese again")
        print("a Portuguese browser reads the page and papod in Portuguese; /lang en and the switch change both")

        for page in (ana, bia, prof, lia):
            errors = page.script_errors()
            check(not errors, f"{page.name}: script errors: {errors}")
        print("browser test: PASS")
    finally:
        for driver in drivers:
            try:
                driver.quit()
            except WebDriverException:
                pass
        papod.stop()


if __name__ == "__main__":
    main()
