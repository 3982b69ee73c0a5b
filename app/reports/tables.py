"""Each report as a :class:`ReportTable`: what the screen lists, the spreadsheet holds and the
printed report shows, all from one place."""

from __future__ import annotations

from collections.abc import Sequence

from app import jalali
from app.lookup import ComplaintRow
from app.reports import charts
from app.reports.figures import Count, Dashboard, Grouping, HeatMap, UnitScore
from app.reports.tabular import Column, ColumnKind, ReportTable, display_value
from app.tracking import format_tracking_code
from app.vocabulary import CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS

K = ColumnKind

SCORECARD_COLUMNS: tuple[Column, ...] = (
    Column("rank", "رتبه", K.INTEGER),
    Column("unit", "واحد"),
    Column("received", "شکایت‌های دریافتی", K.INTEGER),
    Column("referred", "ارجاع", K.INTEGER),
    Column("in_time", "پاسخ در مهلت", K.INTEGER),
    Column("late", "پاسخ با تأخیر", K.INTEGER),
    Column("overdue", "مهلت‌گذشته بی‌پاسخ", K.INTEGER),
    Column("on_time_rate", "درصد پاسخ به‌هنگام", K.PERCENT),
    Column("median", "میانه‌ی روزهای پاسخ", K.DAYS),
    Column("warnings", "تذکر", K.INTEGER),
    Column("commendations", "تشویق", K.INTEGER),
    Column("dismissals", "پیشنهاد برکناری و هیئت تخلفات", K.INTEGER),
    Column("satisfaction", "رضایت شاکیان", K.PERCENT),
)

SCORECARD_NOTES = (
    "شکایت‌ها بر پایه‌ی تاریخ دریافت در بازه شمرده شده‌اند و هر آنچه تاکنون بر آن‌ها گذشته است.",
    "درصد پاسخ به‌هنگام: پاسخ‌های در مهلت به همه‌ی ارجاع‌هایی که پاسخ گرفته‌اند یا مهلتشان گذشته است.",
    "روزها روزهای کاری تقویم دفتر است (بی جمعه‌ها، تعطیلات رسمی و روزهای تعطیل‌شده)؛ "
    "روزهای توقف پرونده شمرده نمی‌شود.",
    "رضایت: شاکیان راضی به همه‌ی شاکیانی که نظرشان گرفته شده است.",
)


def scorecard_table(
    scores: Sequence[UnitScore], subtitle: str, by: Grouping = Grouping.UNIT
) -> ReportTable:
    """The ranked scorecard; ``by`` office, the offices compared (on a central snapshot)."""
    rows = tuple(
        (
            rank,
            s.unit,
            s.received,
            s.referred,
            s.in_time,
            s.late,
            s.overdue,
            s.on_time_rate,
            s.median_response_days,
            s.warnings,
            s.commendations,
            s.dismissals,
            s.satisfaction_rate,
        )
        for rank, s in enumerate(scores, 1)
    )
    if by is Grouping.OFFICE:
        columns = tuple(
            Column("office", "دفتر") if column.key == "unit" else column
            for column in SCORECARD_COLUMNS
        )
        return ReportTable("مقایسه‌ی دفترها", columns, rows, subtitle, SCORECARD_NOTES)
    return ReportTable("کارنامه‌ی واحدها", SCORECARD_COLUMNS, rows, subtitle, SCORECARD_NOTES)


def _compared_label(board: Dashboard) -> str:
    """The row of the period it is compared with, named by its days."""
    if board.compared_with is None:
        return "در همین مدت در دوره‌ی پیش"
    first, last = (jalali.format_date(day) for day in board.compared_with)
    return f"در همین مدت در دوره‌ی پیش ({first} تا {last})"


def dashboard_table(board: Dashboard, subtitle: str) -> ReportTable:
    """The dashboard's figures as label/value rows, and its two charts (months, channels)
    for the printed report."""
    rows: list[tuple[str, object, ColumnKind]] = [
        ("شکایت‌های دریافتی", board.received, K.INTEGER),
        (_compared_label(board), board.previous_received, K.INTEGER),
        ("باز", board.open, K.INTEGER),
        ("مهلت‌گذشته", board.overdue, K.INTEGER),
        ("مختومه", board.closed, K.INTEGER),
        ("میانه‌ی روزهای کاری تا پاسخ واحد", board.median_response_days, K.DAYS),
        ("میانه‌ی روزهای کاری تا مختومه شدن", board.median_closure_days, K.DAYS),
        ("درصد رضایت", board.satisfaction_rate, K.PERCENT),
    ]
    for title, counts in (
        ("واحد", board.top_units),
        ("موضوع", board.top_categories),
        ("شیوه‌ی دریافت", board.by_channel),
        ("ماه", board.by_month),
    ):
        rows.extend((f"{title}: {c.label}", c.count, K.INTEGER) for c in counts)
    # One value column holds counts, days and a rate: it is text, as shown.
    shown = tuple((label, display_value(value, kind)) for label, value, kind in rows)
    columns = (Column("figure", "شاخص"), Column("value", "مقدار"))
    graphs = (charts.month_chart(board.by_month), charts.channel_chart(board.by_channel))
    return ReportTable("داشبورد شکایت‌ها", columns, shown, subtitle, charts=graphs)


def counts_table(title: str, heading: str, counts: Sequence[Count], subtitle: str) -> ReportTable:
    columns = (Column("label", heading), Column("count", "تعداد", K.INTEGER))
    return ReportTable(title, columns, tuple((c.label, c.count) for c in counts), subtitle)


def heat_map_table(title: str, corner: str, heat: HeatMap, subtitle: str) -> ReportTable:
    """Rows × columns with totals; empty cells as 0."""
    columns = (
        Column("row", corner),
        *(Column(f"c{i}", c.label, K.INTEGER) for i, c in enumerate(heat.columns)),
        Column("total", "جمع", K.INTEGER),
    )
    rows = tuple(
        (
            row.label,
            *(heat.cells.get((row.key, column.key), 0) for column in heat.columns),
            row.count,
        )
        for row in heat.rows
    )
    totals = ("جمع", *(column.count for column in heat.columns), sum(r.count for r in heat.rows))
    return ReportTable(title, columns, (*rows, totals), subtitle)


COMPLAINT_COLUMNS: tuple[Column, ...] = (
    Column("tracking_code", "کد رهگیری", K.CODE),
    Column("received_on", "تاریخ دریافت", K.DATE),
    Column("kind", "نوع"),
    Column("channel", "شیوه‌ی دریافت"),
    Column("unit", "واحد"),
    Column("category", "موضوع"),
    Column("subject", "عنوان"),
    Column("status", "وضعیت"),
)


def complaints_table(title: str, rows: Sequence[ComplaintRow], subtitle: str) -> ReportTable:
    return ReportTable(
        title,
        COMPLAINT_COLUMNS,
        tuple(
            (
                format_tracking_code(row.tracking_code),
                row.received_on,
                KIND_LABELS[row.kind],
                CHANNEL_LABELS[row.channel],
                row.unit,
                row.category,
                row.subject,
                STATUS_LABELS[row.status],
            )
            for row in rows
        ),
        subtitle,
    )
