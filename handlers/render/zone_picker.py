"""The time-zone picker under an import preview whose page named no place (issue 13).

A curated list of the zones meetings are commonly held in, grouped by region:
one static menu holds at most 100 options (handlers/render/budget.py), and a menu
of every IANA zone would bury the few people want. A zone missing here is
given with ``agendabot import --tz``. Each option's value carries the
proposal it re-makes, as ``zone|proposal id`` (well within 150 characters).
"""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Option, OptionGroup, StaticSelectElement

from bot.timefmt import zone_label
from handlers.render.blocks import OPTION_CHARS, SELECT_OPTIONS, truncate

ZONE_ACTION = "proposal_zone"
ZONE_PROMPT = "Times are in UTC — pick the venue's time zone"

ZONES: dict[str, tuple[str, ...]] = {
    "Europe": (
        "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Madrid", "Europe/Paris", "Europe/Brussels",
        "Europe/Amsterdam", "Europe/Luxembourg", "Europe/Zurich", "Europe/Berlin", "Europe/Vienna", "Europe/Rome",
        "Europe/Copenhagen", "Europe/Oslo", "Europe/Stockholm", "Europe/Warsaw", "Europe/Prague", "Europe/Budapest",
        "Europe/Belgrade", "Europe/Athens", "Europe/Bucharest", "Europe/Helsinki", "Europe/Tallinn", "Europe/Riga",
        "Europe/Vilnius", "Europe/Kyiv", "Europe/Istanbul", "Europe/Moscow",
    ),
    "Africa": (
        "Africa/Casablanca", "Africa/Dakar", "Africa/Abidjan", "Africa/Accra", "Africa/Lagos", "Africa/Algiers",
        "Africa/Tunis", "Africa/Cairo", "Africa/Khartoum", "Africa/Addis_Ababa", "Africa/Nairobi",
        "Africa/Kampala", "Africa/Dar_es_Salaam", "Africa/Kinshasa", "Africa/Johannesburg", "Africa/Harare",
    ),
    "Americas": (
        "America/St_Johns", "America/Halifax", "America/New_York", "America/Toronto", "America/Chicago",
        "America/Mexico_City", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Vancouver",
        "America/Anchorage", "Pacific/Honolulu", "America/Panama", "America/Bogota", "America/Lima",
        "America/Caracas", "America/Santiago", "America/Argentina/Buenos_Aires", "America/Sao_Paulo",
        "America/Montevideo",
    ),
    "Asia": (
        "Asia/Jerusalem", "Asia/Beirut", "Asia/Amman", "Asia/Riyadh", "Asia/Qatar", "Asia/Tehran", "Asia/Dubai",
        "Asia/Kabul", "Asia/Karachi", "Asia/Tashkent", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka",
        "Asia/Almaty", "Asia/Yangon", "Asia/Bangkok", "Asia/Jakarta", "Asia/Kuala_Lumpur", "Asia/Singapore",
        "Asia/Manila", "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Seoul", "Asia/Tokyo",
    ),
    "Pacific": (
        "Australia/Perth", "Australia/Adelaide", "Australia/Brisbane", "Australia/Sydney", "Pacific/Port_Moresby",
        "Pacific/Noumea", "Pacific/Fiji", "Pacific/Auckland", "Pacific/Apia",
    ),
    "Other": ("UTC",),
}


def _label(zone: str) -> str:
    return "UTC (keep the times as they are)" if zone == "UTC" else f"{zone_label(zone)} ({zone})"


def zone_menu(proposal_id: str) -> ActionsBlock:
    """A menu that re-makes proposal ``proposal_id`` in the zone picked."""
    groups = [OptionGroup(label=region, options=[
        Option(text=truncate(_label(z), OPTION_CHARS), value=f"{z}|{proposal_id}") for z in zones])
        for region, zones in ZONES.items()]
    assert sum(len(g.options or ()) for g in groups) <= SELECT_OPTIONS
    return ActionsBlock(elements=[StaticSelectElement(
        placeholder="The venue's time zone…", action_id=ZONE_ACTION, option_groups=groups)])


def picked(value: str) -> tuple[str, str]:
    """(zone, proposal id) from a picked option's value."""
    zone, _, proposal_id = value.partition("|")
    return zone, proposal_id
