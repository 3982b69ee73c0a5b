"""Admin letters page: letterhead, numbering and deadlines, templates — what the admin sees
and what is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QListWidgetItem

from app import jalali, letterhead, secretariat
from app.letterhead import TemplateKind
from app.permissions import Session
from app.persian import isolated, to_persian_digits
from tests.ui.bidi import mirrored, visual_order
from ui.pages.admin_letters import LettersSettingsPage
from ui.printing import PdfPreviewDialog
from ui.widgets import file_dialog


@pytest.fixture
def page(qtbot, ui_context, admin: Session) -> LettersSettingsPage:
    shown = LettersSettingsPage(ui_context(admin))
    qtbot.addWidget(shown)
    shown.resize(1000, 700)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def shown_error(widget, field: str) -> str:
    label = widget.findChild(QLabel, f"error_{field}")
    return label.text() if label is not None and label.isVisible() else ""


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def open_tab(page: LettersSettingsPage, section) -> None:
    page.show_section(section)
    assert page.tabs.currentWidget() is section


def year() -> int:
    return jalali.to_jalali(jalali.today())[0]


# --------------------------------------------------------------------------- letterhead


def test_save_the_letterhead_by_typing(qtbot, page, type_text) -> None:
    section = page.letterhead_section
    open_tab(page, section)
    assert section.office_title_edit.text() == "دفتر بازرسی و رسیدگی به شکایات استان هرمزگان"
    section.office_title_edit.clear()
    type_text(section.office_title_edit, "دفتر بازرسی استان هرمزگان")
    type_text(section.signer_name_edit, "رضا احمدی")
    type_text(section.signer_title_edit, "مدیر کل")
    type_text(section.footer_edit, "بندرعباس، خیابان امام — تلفن ۰۷۶۳۳۳۳۳۳۳۳")
    QTest.keyClick(section.footer_edit, Qt.Key.Key_Return)  # Enter saves

    head = letterhead.load_letterhead()
    assert head.office_title == "دفتر بازرسی استان هرمزگان"
    assert (head.signer_name, head.signer_title) == ("رضا احمدی", "مدیر کل")
    assert head.footer == "بندرعباس، خیابان امام — تلفن ۰۷۶۳۳۳۳۳۳۳۳"
    assert section.saved_note.isVisible()
    assert section.errors.general.text() == ""


def test_the_footer_shows_under_its_field_as_letters_print_it(page, type_text) -> None:
    """Typed after Persian words, a phone number shows its groups reversed in the field
    (Unicode's rules for digits after Arabic letters); the line under it reads in order."""
    section = page.letterhead_section
    open_tab(page, section)
    section.footer_edit.clear()
    type_text(section.footer_edit, "بندرعباس — تلفن 076-33551200")
    shown = section.footer_printed.text()
    assert section.footer_printed.isVisible()
    assert shown == "چاپ در نامه‌ها: بندرعباس — تلفن " + "\u2066۰۷۶-۳۳۵۵۱۲۰۰\u2069"
    assert "۰۷۶-۳۳۵۵۱۲۰۰" in visual_order(shown)  # the area code first, on the left
    section.footer_edit.clear()
    assert not section.footer_printed.isVisible()


@pytest.mark.parametrize(
    ("kind", "addressee", "head_line"),
    [
        (TemplateKind.REFERRAL, "شهرداری شهر", "شهردار محترم"),
        (TemplateKind.REMINDER, "شهرداری شهر", "شهردار محترم"),
        (TemplateKind.ESCALATION, "فرمانداری شهرستان", "فرماندار محترم"),
        (TemplateKind.REPLY, "جناب آقای علی رضایی", None),
        (TemplateKind.REPLY_SLIP, "دارنده‌ی کد رهگیری ", None),
    ],
)
def test_each_sample_letter_is_addressed_and_filled_as_the_real_one(
    page, kind: TemplateKind, addressee: str, head_line: str | None
) -> None:
    section = page.templates_section
    open_tab(page, section)
    section.select_kind(kind)
    document = section.sample_letter(section.editor.toPlainText())
    assert document.addressee.startswith(addressee)
    assert document.addressee_person == head_line
    assert "{" not in document.body and "  " not in document.body
    assert "پیرو درباره" not in document.body  # the referral letter is cited
    if kind is TemplateKind.ESCALATION:
        assert [c.recipient for c in document.copies] == ["شهرداری شهر"]


def test_the_letterhead_refuses_a_clerk(qtbot, ui_context, clerk: Session) -> None:
    shown = LettersSettingsPage(ui_context(clerk))
    qtbot.addWidget(shown)
    shown.show()
    section = shown.letterhead_section
    section.signer_name_edit.setText("کسی")
    click(qtbot, section.save_button)
    assert section.errors.general.text() == "شما اجازه‌ی این کار را ندارید."
    assert letterhead.load_letterhead().signer_name == ""


def write_png(path: Path) -> bytes:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f5f8b"))
    assert image.save(str(path), "PNG")
    return path.read_bytes()


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(file_dialog, "open_file_name", lambda *args, **kwargs: (str(path), ""))


def test_choose_and_remove_the_logo(qtbot, page, monkeypatch, tmp_path: Path) -> None:
    section = page.letterhead_section
    open_tab(page, section)
    assert not section.has_logo() and not section.remove_logo_button.isEnabled()
    data = write_png(tmp_path / "emblem.png")
    choose_file(monkeypatch, tmp_path / "emblem.png")
    click(qtbot, section.choose_logo_button)

    assert letterhead.logo_bytes(letterhead.load_letterhead()) == data
    assert section.has_logo() and section.remove_logo_button.isEnabled()
    assert shown_error(section, "logo") == ""

    click(qtbot, section.remove_logo_button)
    assert letterhead.logo_bytes(letterhead.load_letterhead()) is None
    assert not section.has_logo()


def test_a_file_that_is_not_an_image_is_refused_as_logo(qtbot, page, monkeypatch, tmp_path) -> None:
    section = page.letterhead_section
    open_tab(page, section)
    document = tmp_path / "notes.png"
    document.write_text("not an image", encoding="utf-8")
    choose_file(monkeypatch, document)
    click(qtbot, section.choose_logo_button)

    assert shown_error(section, "logo") == "نشان باید تصویر PNG یا JPEG باشد."
    assert letterhead.load_letterhead().logo_sha256 is None
    assert not section.has_logo()


def test_a_damaged_png_is_refused_as_logo(qtbot, page, monkeypatch, tmp_path) -> None:
    section = page.letterhead_section
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    choose_file(monkeypatch, broken)
    click(qtbot, section.choose_logo_button)
    assert shown_error(section, "logo") != ""
    assert letterhead.load_letterhead().logo_sha256 is None


def test_cancelling_the_file_dialog_changes_nothing(qtbot, page, monkeypatch) -> None:
    monkeypatch.setattr(file_dialog, "open_file_name", lambda *a, **k: ("", ""))
    click(qtbot, page.letterhead_section.choose_logo_button)
    assert shown_error(page.letterhead_section, "logo") == ""
    assert letterhead.load_letterhead().logo_sha256 is None


# --------------------------------------------------------------------------- numbering


def test_the_example_number_follows_the_pattern_as_it_is_typed(qtbot, page, type_text) -> None:
    section = page.numbering_section
    open_tab(page, section)
    assert section.pattern_edit.text() == "{شماره}/{کد_دفتر}/{سال}"
    assert section.example_label.text() == to_persian_digits(f"1/0123/{year()}")  # the next number
    # the pattern reads in the order of the number it makes: the sequence on the left
    pattern = visual_order(section.pattern_edit.text(), section.pattern_edit.layoutDirection())
    assert pattern.startswith("{" + mirrored("شماره") + "}/")
    assert visual_order(section.example_label.text()).startswith("۱/")

    section.pattern_edit.clear()
    type_text(section.pattern_edit, "ب-{سال_کوتاه}-{شماره}")
    yy = f"{year() % 100:02d}"
    assert section.example_label.text() == to_persian_digits(f"ب-{yy}-1")
    assert shown_error(section, "pattern") == ""
    assert secretariat.number_pattern() == "{شماره}/{کد_دفتر}/{سال}"  # only shown, not saved

    QTest.keyClick(section.pattern_edit, Qt.Key.Key_Return)
    assert secretariat.number_pattern() == "ب-{سال_کوتاه}-{شماره}"
    assert section.saved_note.isVisible()


def test_a_pattern_of_an_earlier_version_is_shown_and_kept_in_persian(
    qtbot, page, admin: Session
) -> None:
    """Earlier versions stored {seq}/{office}/{year}: it still numbers letters, and the admin
    sees (and saves) the Persian placeholders."""
    from app import office

    office.set_setting(admin, secretariat.PATTERN_SETTING, "{seq}/{office}/{yy}")
    section = page.numbering_section
    section.load()
    assert section.pattern_edit.text() == "{شماره}/{کد_دفتر}/{سال_کوتاه}"
    yy = f"{year() % 100:02d}"
    assert section.example_label.text() == to_persian_digits(f"1/0123/{yy}")
    click(qtbot, section.save_button)
    assert secretariat.number_pattern() == "{شماره}/{کد_دفتر}/{سال_کوتاه}"


def test_a_bad_number_pattern_is_refused_and_the_old_one_kept(qtbot, page, type_text) -> None:
    section = page.numbering_section
    open_tab(page, section)
    section.pattern_edit.clear()
    type_text(section.pattern_edit, "{کد_دفتر}/{سال}")
    message = f"الگوی شماره باید {isolated('{شماره}')} (شماره‌ی ترتیبی نامه) را داشته باشد."
    assert shown_error(section, "pattern") == message  # at once, while typing
    assert section.example_label.text() == "—"

    click(qtbot, section.save_button)
    assert shown_error(section, "pattern") == message
    assert section.pattern_edit.text() == "{کد_دفتر}/{سال}"  # what was typed stays
    assert secretariat.number_pattern() == "{شماره}/{کد_دفتر}/{سال}"
    assert not section.saved_note.isVisible()


def test_the_numbering_hint_reads_right_to_left_around_whole_placeholders(page) -> None:
    """The hint is a Persian sentence: it starts on the right, and each placeholder inside
    it is kept whole ({شماره}, braces and all)."""
    section = page.numbering_section
    [hint] = [
        label
        for label in section.findChildren(QLabel)
        if label.property("role") == "hint" and "{شماره}" in label.text()
    ]
    text = hint.text()
    assert text.startswith("در الگو، ")
    for name in ("شماره", "کد_دفتر", "سال", "سال_کوتاه"):
        assert isolated("{" + name + "}") in text
    assert "{seq}" not in text and "بودنش" not in text
    shown = visual_order(text)
    assert shown.endswith(mirrored("در الگو،"))  # the sentence's start is on the right
    for name in ("{شماره}", "{کد_دفتر}", "{سال}", "{سال_کوتاه}"):
        assert mirrored(name) in shown


def test_save_the_default_deadline(qtbot, page) -> None:
    section = page.numbering_section
    open_tab(page, section)
    assert section.deadline_spin.value() == letterhead.DEFAULT_DEADLINE_DAYS
    section.deadline_spin.setValue(15)
    click(qtbot, section.save_button)
    assert letterhead.default_deadline_days() == 15
    assert secretariat.number_pattern() == "{شماره}/{کد_دفتر}/{سال}"


# --------------------------------------------------------------------------- templates


def replace_text(editor, type_text, text: str) -> None:
    editor.selectAll()
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    type_text(editor, text)


def test_a_template_with_an_unknown_placeholder_is_refused(qtbot, page, type_text) -> None:
    section = page.templates_section
    open_tab(page, section)
    shipped = letterhead.shipped_template(TemplateKind.REFERRAL)
    assert section.editor.toPlainText() == shipped
    section.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(section.editor, " {نام_مدیر}")
    click(qtbot, section.save_button)

    assert shown_error(section, "template") == f"جای‌نگهدار ناشناخته: {isolated('{نام_مدیر}')}"
    assert section.editor.toPlainText() == shipped + " {نام_مدیر}"  # kept for correcting
    assert not letterhead.is_customised(TemplateKind.REFERRAL)
    assert letterhead.template_text(TemplateKind.REFERRAL) == shipped


def test_a_placeholder_with_a_format_is_refused(qtbot, page, type_text) -> None:
    section = page.templates_section
    open_tab(page, section)
    replace_text(section.editor, type_text, "مهلت: {مهلت_روز:d}")
    click(qtbot, section.save_button)
    assert shown_error(section, "template") != ""
    assert not letterhead.is_customised(TemplateKind.REFERRAL)


def test_a_good_template_is_saved(qtbot, page, type_text) -> None:
    section = page.templates_section
    open_tab(page, section)
    section.select_kind(TemplateKind.REMINDER)
    state_before = section.state_label.text()
    text = "پیرو نامه‌ی شماره‌ی {شماره_ارجاع}، پاسخ شکایت {کد_رهگیری} هنوز نرسیده است."
    replace_text(section.editor, type_text, text)
    assert section.has_draft(TemplateKind.REMINDER)
    QTest.keySequence(section.editor, "Ctrl+S")

    assert letterhead.template_text(TemplateKind.REMINDER) == text
    assert letterhead.is_customised(TemplateKind.REMINDER)
    assert not letterhead.is_customised(TemplateKind.REFERRAL)
    assert shown_error(section, "template") == ""
    assert not section.has_draft(TemplateKind.REMINDER)
    assert section.state_label.text() != state_before
    assert section.restore_button.isEnabled()


def test_restore_brings_the_shipped_text_back(qtbot, page, admin: Session, monkeypatch) -> None:
    letterhead.set_template(admin, TemplateKind.REPLY, "پاسخ: {متن_پاسخ}")
    section = page.templates_section
    open_tab(page, section)
    section.select_kind(TemplateKind.REPLY)
    assert section.editor.toPlainText() == "پاسخ: {متن_پاسخ}"
    monkeypatch.setattr(section, "confirm_restore", lambda: True)
    click(qtbot, section.restore_button)

    shipped = letterhead.shipped_template(TemplateKind.REPLY)
    assert not letterhead.is_customised(TemplateKind.REPLY)
    assert letterhead.template_text(TemplateKind.REPLY) == shipped
    assert section.editor.toPlainText() == shipped
    assert not section.restore_button.isEnabled()


def test_restore_asks_first(qtbot, page, admin: Session, message_boxes) -> None:
    letterhead.set_template(admin, TemplateKind.REPLY, "پاسخ: {متن_پاسخ}")
    section = page.templates_section
    section.select_kind(TemplateKind.REPLY)
    click(qtbot, section.restore_button)
    assert len(message_boxes) == 1  # closed without choosing Restore
    assert letterhead.template_text(TemplateKind.REPLY) == "پاسخ: {متن_پاسخ}"


def placeholder_item(section, name: str) -> QListWidgetItem:
    for row in range(section.placeholders.count()):
        item = section.placeholders.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == name:
            return item
    raise AssertionError(name)


def test_double_click_on_a_placeholder_inserts_it_at_the_cursor(qtbot, page, type_text) -> None:
    section = page.templates_section
    open_tab(page, section)
    replace_text(section.editor, type_text, "شکایت  ثبت شد.")
    cursor = section.editor.textCursor()
    cursor.setPosition(len("شکایت "))
    section.editor.setTextCursor(cursor)
    item = placeholder_item(section, "کد_رهگیری")
    section.placeholders.scrollToItem(item)
    centre = section.placeholders.visualItemRect(item).center()
    # A real double click is press, release, double-click: QTest needs the first click too.
    qtbot.mouseClick(section.placeholders.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert section.editor.toPlainText() == "شکایت  ثبت شد."  # one click only selects
    qtbot.mouseDClick(section.placeholders.viewport(), Qt.MouseButton.LeftButton, pos=centre)

    assert section.editor.toPlainText() == "شکایت {کد_رهگیری} ثبت شد."
    assert section.editor.hasFocus()


def test_enter_on_a_placeholder_inserts_it(qtbot, page) -> None:
    section = page.templates_section
    open_tab(page, section)
    section.editor.moveCursor(QTextCursor.MoveOperation.End)
    before = section.editor.toPlainText()
    section.placeholders.setFocus()
    section.placeholders.setCurrentItem(placeholder_item(section, "مهلت"))
    QTest.keyClick(section.placeholders, Qt.Key.Key_Return)
    assert section.editor.toPlainText() == before + "{مهلت}"


def test_unsaved_text_survives_looking_at_another_template(qtbot, page, type_text) -> None:
    section = page.templates_section
    open_tab(page, section)
    replace_text(section.editor, type_text, "متن تازه {موضوع}")
    section.select_kind(TemplateKind.ESCALATION)
    assert section.editor.toPlainText() == letterhead.shipped_template(TemplateKind.ESCALATION)
    assert section.kind_combo.itemText(0).endswith("*")  # the referral has unsaved text

    section.select_kind(TemplateKind.REFERRAL)
    assert section.editor.toPlainText() == "متن تازه {موضوع}"
    assert not letterhead.is_customised(TemplateKind.REFERRAL)


def test_preview_shows_the_unsaved_text_as_a_pdf(qtbot, page, type_text, monkeypatch) -> None:
    import app.pdf.letter as letter_module

    rendered = []
    real_render = letter_module.render_letter

    def render(document):
        rendered.append(document)
        return real_render(document)

    monkeypatch.setattr(letter_module, "render_letter", render)
    section = page.templates_section
    open_tab(page, section)
    replace_text(section.editor, type_text, "شکایت {کد_رهگیری} به {واحد} ارجاع شد.")
    click(qtbot, section.preview_button)

    dialog = section.preview_dialog
    assert isinstance(dialog, PdfPreviewDialog) and dialog.isVisible()
    assert dialog.data.startswith(b"%PDF-") and dialog.document.pageCount() == 1
    body = rendered[0].body
    assert body.startswith("شکایت ") and "{" not in body
    assert rendered[0].office_name == letterhead.load_letterhead().office_title
    assert not letterhead.is_customised(TemplateKind.REFERRAL)  # a preview saves nothing
    dialog.close()
    qtbot.waitUntil(lambda: section.preview_dialog is None)


def test_preview_refuses_a_broken_template(qtbot, page, type_text) -> None:
    section = page.templates_section
    open_tab(page, section)
    replace_text(section.editor, type_text, "شکایت {کد_رهگیری")
    click(qtbot, section.preview_button)
    assert shown_error(section, "template").startswith("آکولادهای الگو جفت نیستند")
    assert section.preview_dialog is None
