"""The templates keep the CSP strict and every form safe: no inline script or style, and every form that posts
carries the CSRF field (WEB-SES-3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "mappa_flow" / "web" / "templates").glob("*.html"))


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATES) >= 5


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_a_template_has_no_inline_script_style_or_event_handler(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) == []
    assert re.findall(r"<style\b|\sstyle=", text) == []
    assert re.findall(r"\son[a-z]+=", text) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_every_form_that_posts_carries_the_csrf_field_WEB_SES_3(template: Path) -> None:
    forms = re.findall(r"<form\b[^>]*>.*?</form>", template.read_text(encoding="utf-8"), flags=re.S)
    posting = [form for form in forms if 'method="post"' in form]
    assert all("csrf(csrf_token)" in form for form in posting)
