"""Reading preferences, as a reader with tired eyes uses them in Chromium:
each choice applied at once, kept across pages and reloads (in the browser
only), applied before the first paint, reset in one click; 200 % text at
320 px with no sideways scrolling on every public page type; no WCAG 2.2 AA
issue in any contrast mode and 7:1 or more for all text in high contrast; the
device's own settings followed without a choice and without JavaScript; the
pages themselves the same bytes whatever the reader chose."""

from __future__ import annotations

import datetime
import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from glossary.models import Term
from tests.chromium import assert_accessible, axe_violations, log_in
from tests.conftest import role
from tests.factories import (
    CategoryFactory,
    DrugFactory,
    ExpertProfileFactory,
    PublishedQuestionFactory,
    UserFactory,
)
from tests.translation_helpers import translate

EVERYTHING = {
    "size": "200",
    "spacing": "wide",
    "contrast": "high",
    "font": "plain",
    "width": "narrow",
    "motion": "reduce",
}


@pytest.fixture
def site(transactional_db):
    category = CategoryFactory(name="Infusion therapies", slug="infusion-therapies")
    expert = ExpertProfileFactory(display_name="Maria Alvarez, MD")
    question = PublishedQuestionFactory(
        title="What happens on an infusion day?",
        category=category,
        expert=expert,
        answer_source=(
            "## Before the infusion\n\nYou get medicines that prevent reactions: "
            "methylprednisolone, an antihistamine and acetaminophen.\n\n"
            "* a steroid\n* an antihistamine\n\n"
            "Read more at https://www.example.org/a-very-long-address-that-must-wrap-on-a-phone."
        ),
    )
    drug = DrugFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    month = question.published_at.strftime("/archive/%Y/%m/")
    return {
        "home": "/",
        "Q&A": question.get_absolute_url(),
        "all answers": "/questions/",
        "month": month,
        "category": category.get_absolute_url(),
        "drug list": "/drugs/",
        "drug": drug.get_absolute_url(),
        "search": "/search/?q=infusion",
        "expert": expert.get_absolute_url(),
        "feeds": "/feeds/",
        "display": "/display/",
        "ask": "/ask/",
    }


def choose(page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def root(page) -> dict[str, str]:
    """The choices on <html>, without the themes they set for Bootstrap and the admin."""
    return page.evaluate(
        "Object.fromEntries([...document.documentElement.attributes]"
        ".filter(a => a.name.startsWith('data-') && !a.name.endsWith('theme'))"
        ".map(a => [a.name, a.value]))"
    )


def keep(page, choices: dict[str, str]) -> None:
    """What the display page stores, put straight into this browser's storage."""
    page.goto("/display/")
    page.evaluate(f"localStorage.setItem('mscenter-display', {json.dumps(json.dumps(choices))})")


def test_each_choice_is_applied_at_once_and_kept_across_pages_and_reloads(page, site):
    page.goto("/")
    page.get_by_role("link", name="Text size and colors").click()
    expect(page.locator("h1")).to_have_text("Text size and colors")
    expect(page.locator("#display-no-script")).to_be_hidden()
    choose(page, "Largest (200 %)")
    expect(page.get_by_role("status")).to_have_text("Saved in this browser.")
    choose(page, "More space between lines, paragraphs, words and letters")
    choose(page, "High contrast: black text on white")
    choose(
        page,
        "Atkinson Hyperlegible: letters that are hard to mix up, made for people with low vision",
    )
    choose(page, "A narrower column: shorter lines, easier to follow")
    choose(page, "Less motion: no animation and no smooth scrolling")
    expected = {f"data-{name}": value for name, value in EVERYTHING.items()}
    assert root(page) == expected

    page.goto(site["Q&A"])
    assert root(page) == expected
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    paragraph = page.locator(".answer-body li").first
    assert paragraph.evaluate("e => getComputedStyle(e).fontFamily").startswith(
        '"Atkinson Hyperlegible"'
    )
    size = float(paragraph.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    spacing = float(paragraph.evaluate("e => parseFloat(getComputedStyle(e).letterSpacing)"))
    assert spacing >= 0.12 * size - 0.01
    page.reload()
    assert root(page) == expected
    # The choices never leave the browser: no cookie was set.
    assert page.context.cookies() == []


def test_the_choices_are_on_the_page_before_it_is_first_painted(page, site):
    keep(page, {"size": "150", "contrast": "dark"})
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        " window.seenAtLoad = document.documentElement.getAttribute('data-contrast')"
        " + ' ' + document.documentElement.getAttribute('data-size'); });"
    )
    page.goto(site["Q&A"])
    assert page.evaluate("window.seenAtLoad") == "dark 150"


def test_reset_puts_everything_back(page, site):
    keep(page, EVERYTHING)
    page.reload()
    expect(page.get_by_label("Largest (200 %)")).to_be_checked()
    page.get_by_role("button", name="Reset all to standard").click()
    expect(page.get_by_role("status")).to_have_text("Everything is back to standard.")
    expect(page.get_by_label("Standard", exact=True).first).to_be_checked()
    assert root(page) == {}
    page.goto("/")
    assert root(page) == {}


def test_200_percent_text_at_320_px_scrolls_no_page_sideways(page, site):
    keep(page, {"size": "200", "spacing": "wide"})
    page.set_viewport_size({"width": 320, "height": 640})
    wide = {}
    for kind, url in site.items():
        page.goto(url)
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[kind] = width
    assert wide == {}


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def spanish_qa(site) -> str:
    question = PublishedQuestionFactory(title="Can I get a flu shot during treatment?")
    translate(question)
    return f"/es/questions/{question.slug}/"


@pytest.mark.parametrize("size", ["150", "200"])
def test_on_a_phone_with_large_text_the_pages_heading_is_on_the_first_screen(
    page, site, spanish_qa, size
):
    """At 390 × 844 the header's links filled the first screen: 568 px of
    header at 150 %, 1,060 px at 200 %, the page's heading under it. They fold
    behind "Menu", and the heading starts in the top two thirds of the screen
    (563 px): its first lines show with no scrolling, in both languages."""
    keep(page, {"size": size})
    page.set_viewport_size(PHONE)
    low = {}
    wide = {}
    for url in (site["home"], site["Q&A"], "/es/", spanish_qa):
        page.goto(url)
        top = page.locator("main h1").evaluate("e => e.getBoundingClientRect().top")
        if top > 563:
            low[url] = top
        if (width := page.evaluate("document.documentElement.scrollWidth")) > 390:
            wide[url] = width
        assert_accessible(page)
    assert low == {}
    assert wide == {}


def test_the_folded_menu_opens_and_its_links_work_from_the_keyboard(page, site):
    keep(page, {"size": "200"})
    page.set_viewport_size(PHONE)
    page.goto(site["Q&A"])
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")  # the site's name, a link home
    page.keyboard.press("Tab")
    menu = page.locator(".site-menu > summary")
    expect(menu).to_be_focused()
    expect(menu).to_have_text("Menu")
    box = menu.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    display = page.get_by_role("link", name="Text size and colors")
    expect(display).to_be_hidden()
    page.keyboard.press("Enter")
    expect(display).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Home")).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(display).to_be_hidden()
    page.keyboard.press("Space")
    display.focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Text size and colors")


@pytest.mark.parametrize(
    ("viewport", "size"), [(PHONE, "100"), ({"width": 1280, "height": 900}, "200")]
)
def test_where_there_is_room_the_links_show_with_no_menu(page, site, viewport, size):
    """At standard size on a phone the links take four short rows and stay in
    sight ("Text size and colors" among them); on a wide screen even at 200 %."""
    keep(page, {"size": size})
    page.set_viewport_size(viewport)
    page.goto(site["Q&A"])
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(page.get_by_role("link", name="Text size and colors")).to_be_visible()
    page.get_by_role("link", name="Virtual MS Center").first.focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Home")).to_be_focused()


@pytest.mark.parametrize("contrast", ["site", "high", "dark"])
def test_no_accessibility_issue_in_any_contrast_mode(page, site, contrast):
    keep(page, {"contrast": contrast})
    for url in (site["Q&A"], site["drug"], site["display"]):
        page.goto(url)
        assert_accessible(page)


def test_all_text_is_at_7_to_1_or_more_in_high_contrast(page, site):
    keep(page, {"contrast": "high"})
    options = {
        "runOnly": {"type": "rule", "values": ["color-contrast-enhanced"]},
        "preload": False,
        "resultTypes": ["violations"],
    }
    for url in (site["Q&A"], site["home"], site["drug"], site["search"], site["display"]):
        page.goto(url)
        results = Axe().run(page, options=options)
        assert results.violations_count == 0, (url, results.generate_report())


def test_the_devices_own_settings_are_followed_without_a_choice_or_javascript(
    browser, live_server, site
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    background = "getComputedStyle(document.body).backgroundColor"
    page.goto(site["Q&A"])
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.emulate_media(color_scheme="dark")
    assert page.evaluate(background) == "rgb(22, 24, 27)"
    page.emulate_media(color_scheme="light", contrast="more")
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).color") == "rgb(0, 0, 0)"
    page.emulate_media(reduced_motion="reduce")
    # Without JavaScript the display page says what the browser and device can do.
    page.goto("/display/")
    expect(page.locator("#display-no-script")).to_be_visible()
    expect(page.locator("#display-form")).to_be_hidden()
    context.close()


def test_a_choice_made_here_outranks_the_devices_dark_mode(page, site):
    keep(page, {"contrast": "site"})
    page.emulate_media(color_scheme="dark")
    page.goto(site["Q&A"])
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"


def test_forced_colours_keep_every_control_visible(page, site):
    page.emulate_media(forced_colors="active")
    page.goto(site["search"])
    for selector in ("#header-q", ".header-search .btn", "main input[type=search]", "main .btn"):
        control = page.locator(selector).first
        width = control.evaluate("e => parseFloat(getComputedStyle(e).borderTopWidth)")
        assert width >= 2, selector
    assert_accessible(page)


def test_the_page_is_the_same_bytes_whatever_the_reader_chose(page, site, browser, live_server):
    plain = browser.new_context(base_url=live_server.url)
    chosen = page
    keep(chosen, EVERYTHING)
    for url in (site["Q&A"], site["home"], site["display"]):
        with_choices = chosen.goto(url)
        without = plain.new_page().goto(url)
        assert with_choices.body() == without.body(), url
        assert "cookie" not in with_choices.request.all_headers()
        policy = with_choices.headers["content-security-policy"]
        assert policy == without.headers["content-security-policy"]
        assert "unsafe-inline" not in policy
    plain.close()


@pytest.mark.parametrize("contrast", ["dark", "high"])
def test_staff_pages_honour_the_same_choices(page, site, contrast):
    moderator = UserFactory(username="mod.display", is_staff=True)
    moderator.groups.add(role("Moderators"))
    keep(page, {"contrast": contrast, "size": "150"})
    log_in(page, "mod.display")
    for url in ("/admin/", "/admin/questions/question/?queue=all"):
        page.goto(url)
        theme = page.evaluate("document.documentElement.getAttribute('data-theme')")
        assert theme == ("dark" if contrast == "dark" else "light")
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
        assert_accessible(page)


@pytest.mark.parametrize("contrast", ["dark", "high"])
def test_a_page_prints_black_on_white_whatever_was_chosen(page, site, contrast):
    keep(page, {"contrast": contrast, "size": "200"})
    page.goto(site["Q&A"])
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    for selector in ("h1", ".answer-body li", ".qa-label"):
        color = page.locator(selector).first.evaluate("e => getComputedStyle(e).color")
        assert color == "rgb(0, 0, 0)", (selector, color)
    expect(page.locator(".site-header nav")).to_be_hidden()


# The contrast of a control with what is behind it: its text, and its border
# against the page around it (WCAG 2.2: 4.5:1 for text, 3:1 for a control's
# boundary). Backgrounds are read up the ancestors, blending any translucency.
CONTRAST = """
(control) => {
  const rgba = (css) => {
    const parts = css.match(/[\\d.]+/g).map(Number);
    return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const behind = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const colour = rgba(getComputedStyle(e).backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a >= 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), {r: 255, g: 255, b: 255, a: 1});
  };
  const luminance = (c) => {
    const channel = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  };
  const ratio = (a, b) => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100;
  };
  const style = getComputedStyle(control);
  const inside = behind(control);
  const outside = behind(control.parentElement);
  return {
    text: ratio(over(rgba(style.color), inside), inside),
    border: ratio(over(rgba(style.borderTopColor), outside), outside),
  };
}
"""


@pytest.fixture
def controls(transactional_db):
    """The pages with the sum's "Show a different sum" button and the glossary's
    "?" buttons: in an answer's "In short" box (on its grey surface), in the
    answer, and on a drug page."""
    reviewer = ExpertProfileFactory(display_name="Maria Alvarez, MD")
    Term.objects.create(
        name="infusion",
        slug="infusion",
        explanation="A medicine given slowly through a drip into a vein.",
        reviewed_by=reviewer,
        reviewed_on=datetime.date(2026, 11, 2),
        is_published=True,
    )
    Term.objects.create(
        name="lesion",
        slug="lesion",
        explanation="An area of the brain or spinal cord where MS hurt the myelin.",
        reviewed_by=reviewer,
        reviewed_on=datetime.date(2026, 11, 2),
        is_published=True,
    )
    question = PublishedQuestionFactory(
        title="Which vaccines should I get before my first infusion?",
        summary="Get your shots before your first infusion.",
        answer_source="A new lesion on a scan does not change the plan for vaccines.",
    )
    drug = DrugFactory(generic_name="ocrelizumab", brand_names="Ocrevus")
    return {
        "ask": "/ask/",
        "reply": question.get_absolute_url() + "reply/",
        "subscribe": "/subscribe/",
        "Q&A": question.get_absolute_url(),
        "drug": drug.get_absolute_url(),
    }


@pytest.mark.parametrize("mode", ["dark", "device dark", "high", "site"])
def test_the_sums_button_and_the_glossary_buttons_stand_out_in_every_contrast_mode(
    page, controls, mode
):
    """Bootstrap's .btn-outline-dark and the glossary's --brand ring were drawn
    in the light page's dark colours: 1.15:1 and 1.4:1 on the dark page."""
    if mode == "device dark":
        page.emulate_media(color_scheme="dark")  # the phone's own dark mode, no choice here
    else:
        keep(page, {"contrast": mode})
    least_text = 7 if mode == "high" else 4.5
    found = {}
    low = []
    violations = {}
    for kind, url, selector in (
        ("ask", controls["ask"], ".captcha-refresh"),
        ("reply", controls["reply"], ".captcha-refresh"),
        ("subscribe", controls["subscribe"], ".captcha-refresh"),
        ("Q&A", controls["Q&A"], ".glossary-toggle"),
        ("drug", controls["drug"], ".glossary-toggle"),
    ):
        page.goto(url)
        buttons = page.locator(selector)
        found[kind] = buttons.count()
        for index in range(buttons.count()):
            measured = buttons.nth(index).evaluate(CONTRAST)
            if measured["text"] < least_text or measured["border"] < 3:
                low.append((kind, selector, index, measured))
        if report := axe_violations(page):
            violations[kind] = report
    assert found == {"ask": 1, "reply": 1, "subscribe": 1, "Q&A": 2, "drug": 1}
    assert low == [], low
    assert violations == {}, "\n".join(violations.values())


@pytest.mark.parametrize("mode", ["dark", "device dark"])
def test_the_list_of_problems_on_a_form_is_readable_in_both_dark_modes(page, controls, mode):
    """Bootstrap's alerts follow only its own dark theme (data-bs-theme, set
    with the choice made here): in the device's dark mode the list of problems
    stayed pale pink under the palette's light text (1.04:1)."""
    if mode == "device dark":
        page.emulate_media(color_scheme="dark")
    else:
        keep(page, {"contrast": mode})
    page.goto(controls["ask"])
    page.get_by_role("button", name="Send my question").click()
    expect(page.locator("#form-problem")).to_be_visible()
    assert_accessible(page)
