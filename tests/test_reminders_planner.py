"""The planner, the policy parser and the wording: pure values, no database, no clock."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from bot.reminders.messages import compose, relative
from bot.reminders.planner import (
    PlanInputs,
    ReminderKind,
    Subscription,
    Target,
    TargetKind,
    missing_targets,
    plan,
    upcoming,
)
from bot.reminders.policy import PolicyError, Preview, ReminderPolicy, parse_policy
from bot.reminders.settings import ReminderSettingsError, find_target
from store.importers import load_agenda
from store.values import Day, Item, ItemKind, Meeting, Session
from tests.recording_notifier import SAMPLE, meeting_at, ny


@pytest.fixture(scope="module")
def sample() -> Meeting:
    return load_agenda(SAMPLE).meeting


def _inputs(meeting: Meeting, **kw: object) -> PlanInputs:
    policy = kw.pop("policy", ReminderPolicy.default(meeting.reminder_lead_minutes))
    return PlanInputs(meeting, policy, **kw)  # type: ignore[arg-type]


def _table(reminders: list) -> list[tuple[str, str, str, str]]:
    return [
        (str(r.kind), r.due.isoformat(), r.due_utc.strftime("%Y-%m-%dT%H:%MZ"), str(r.destination))
        for r in reminders
    ]


SLUG = "coordination-meeting-2003"


def test_default_policy_on_the_sample_meeting(sample: Meeting) -> None:
    reminders = plan(_inputs(sample))
    assert _table(reminders) == [
        ("day_before", "2003-10-14T17:00:00-04:00", "2003-10-14T21:00Z", "no channel linked"),
        ("session", "2003-10-15T09:45:00-04:00", "2003-10-15T13:45Z", "no channel linked"),
        ("session", "2003-10-15T14:45:00-04:00", "2003-10-15T18:45Z", "no channel linked"),
        ("session", "2003-10-16T09:45:00-04:00", "2003-10-16T13:45Z", "no channel linked"),
        ("rapporteur_dm", "2003-10-16T13:00:00-04:00", "2003-10-16T17:00Z", "no rapporteur set"),
        ("session", "2003-10-16T14:45:00-04:00", "2003-10-16T18:45Z", "no channel linked"),
        ("rapporteur_report", "2003-10-16T15:00:00-04:00", "2003-10-16T19:00Z", "no channel linked"),
    ]
    assert [r.id for r in reminders] == [
        f"{SLUG}/day_before/2003-10-15/1d",
        f"{SLUG}/session/2003-10-15-morning-session/15m",
        f"{SLUG}/session/2003-10-15-afternoon-session/15m",
        f"{SLUG}/session/2003-10-16-morning-session/15m",
        f"{SLUG}/rapporteur_dm/2003-10-16-afternoon-session/item-IX/2h",
        f"{SLUG}/session/2003-10-16-afternoon-session/15m",
        f"{SLUG}/rapporteur_report/2003-10-16-afternoon-session/item-IX",
    ]
    report = reminders[-1]
    assert report.item is not None and report.item.number == "IX"
    assert report.at_session_start  # item IX has no time of its own


def test_destinations_follow_the_linked_channel_and_the_rapporteur(sample: Meeting) -> None:
    reminders = plan(_inputs(sample, channel_id="C123", rapporteur="U42"))
    assert {str(r.destination) for r in reminders if r.kind is not ReminderKind.RAPPORTEUR_DM} == {
        "channel C123"
    }
    assert [str(r.destination) for r in reminders if r.kind is ReminderKind.RAPPORTEUR_DM] == ["DM U42"]


def test_same_input_same_ids_and_a_moved_session_keeps_its_ids(sample: Meeting) -> None:
    first = plan(_inputs(sample))
    again = plan(_inputs(load_agenda(SAMPLE).meeting))
    assert [(r.id, r.due) for r in first] == [(r.id, r.due) for r in again]

    day = sample.days[0]
    afternoon = day.sessions[1]
    moved = dataclasses.replace(
        afternoon, starts_at=afternoon.starts_at + timedelta(hours=1), ends_at=afternoon.ends_at + timedelta(hours=1)
    )
    changed = dataclasses.replace(
        sample, days=(dataclasses.replace(day, sessions=(day.sessions[0], moved)), *sample.days[1:])
    )
    after = {r.id: r.due for r in plan(_inputs(changed))}
    before = {r.id: r.due for r in first}
    assert after.keys() == before.keys()
    differing = {rid for rid in after if after[rid] != before[rid]}
    assert differing == {f"{SLUG}/session/2003-10-15-afternoon-session/15m"}
    assert after[f"{SLUG}/session/2003-10-15-afternoon-session/15m"] == ny("2003-10-15 15:45")


def _report_meeting(item_start: datetime | None, session_start: datetime | None) -> Meeting:
    session = Session(
        title="Afternoon session",
        day=ny("2003-10-16 00:00").date(),
        starts_at=session_start,
        ends_at=session_start + timedelta(hours=3) if session_start else None,
        items=(
            Item(title="Conclusions", number="X", ordinal=1, kind=ItemKind.CONCLUSIONS),
            Item(
                title="Rapporteur's report",
                number="IX",
                ordinal=2,
                kind=ItemKind.RAPPORTEUR_REPORT,
                starts_at=item_start,
                ends_at=item_start + timedelta(minutes=30) if item_start else None,
            ),
        ),
    )
    day = Day(date=session.day, sessions=(session,))
    return Meeting(
        slug="m", title="M", timezone="America/New_York", start_date=day.date, end_date=day.date, days=(day,)
    )


def test_report_item_with_its_own_time() -> None:
    meeting = _report_meeting(ny("2003-10-16 16:30"), ny("2003-10-16 15:00"))
    reminders = {r.kind: r for r in plan(_inputs(meeting, rapporteur="U1"))}
    report = reminders[ReminderKind.RAPPORTEUR_REPORT]
    assert report.due == ny("2003-10-16 16:30") and not report.at_session_start
    # The rapporteur's DM is timed from the session, as the policy says ("2 hours before its session").
    assert reminders[ReminderKind.RAPPORTEUR_DM].due == ny("2003-10-16 13:00")
    text = compose(report, meeting, ny("2003-10-16 16:30")).title
    assert text == "IX. Rapporteur's report is starting now (16:30–17:00, Afternoon session)"


def test_report_item_without_a_time_is_announced_when_its_session_starts() -> None:
    meeting = _report_meeting(None, ny("2003-10-16 15:00"))
    report = next(r for r in plan(_inputs(meeting)) if r.kind is ReminderKind.RAPPORTEUR_REPORT)
    assert report.due == ny("2003-10-16 15:00") and report.at_session_start
    message = compose(report, meeting, ny("2003-10-16 15:00"))
    assert message.title == (
        "IX. Rapporteur's report is on this session's agenda: Afternoon session, 15:00–18:00 New York time"
    )


def test_nothing_is_planned_from_no_time_at_all() -> None:
    meeting = _report_meeting(None, None)
    kinds = [r.kind for r in plan(_inputs(meeting, rapporteur="U1"))]
    assert kinds == [ReminderKind.DAY_BEFORE]  # the preview needs only the date


def test_due_times_across_the_end_of_daylight_saving_time() -> None:
    # New York fell back from EDT to EST at 02:00 on Sunday 26 October 2003.
    starts = [ny("2003-10-25 10:00"), ny("2003-10-26 03:00"), ny("2003-10-26 10:00"), ny("2003-10-27 10:00")]
    meeting = meeting_at(starts, slug="dst", zone="America/New_York")
    policy = parse_policy("15m,2h,1d")
    reminders = plan(PlanInputs(meeting, policy))
    utc = sorted(r.due_utc.strftime("%m-%d %H:%M") for r in reminders)
    assert utc == [
        "10-24 21:00",  # day before at 17:00 EDT
        "10-25 12:00", "10-25 13:45",  # 08:00 and 09:45 EDT
        "10-26 06:00",  # 2 h before 03:00 EST (08:00Z) is 06:00Z, i.e. 01:00 EST, not 01:00 EDT
        "10-26 07:45",
        "10-26 13:00", "10-26 14:45",  # 08:00 and 09:45 EST
        "10-27 13:00", "10-27 14:45",
    ]
    early = next(r for r in reminders if r.due_utc == datetime(2003, 10, 26, 6, 0, tzinfo=UTC))
    assert early.due.utcoffset() == timedelta(hours=-5)  # shown as 01:00 EST, the second 01:00
    assert early.due.strftime("%H:%M") == "01:00"


def test_policy_parser_reads_what_organizers_write() -> None:
    default = ReminderPolicy()
    assert parse_policy("15m,1d") == ReminderPolicy((15,), (Preview(1),), True, 120)
    p = parse_policy("1h30m, 5m, 2d@18:30", default)
    assert p.session_leads == (90, 5) and p.previews == (Preview(2, p.previews[0].at),)
    assert p.previews[0].token == "2d@18:30"
    assert parse_policy("off") == ReminderPolicy((), (), True, 120)
    # Only the timing changes when only timing is given; settings change only themselves.
    custom = parse_policy("rapporteur=3h,report=off", default)
    assert custom == ReminderPolicy((15,), (Preview(1),), False, 180)
    assert parse_policy("30m", custom) == ReminderPolicy((30,), (), False, 180)
    assert parse_policy("rapporteur=off", custom).rapporteur_lead is None
    for policy in (default, p, custom, parse_policy("off,report=off,rapporteur=off")):
        assert parse_policy(policy.text) == policy
    assert default.text == "15m,1d,report=on,rapporteur=2h"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Say which reminders to send"),
        ("15x", "“15x” is not a length of time"),
        ("1d@25:00", "“25:00” is not a time of day"),
        ("36h", "at most 24h before"),
        ("off,15m", "cannot be combined"),
        ("report=maybe", "report= takes on or off"),
        ("rapporteur=soon", "rapporteur= takes a lead"),
        ("colour=blue", "is not a setting"),
        ("30d", "at most 14d"),
    ],
)
def test_policy_parser_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(PolicyError) as err:
        parse_policy(text)
    assert message in str(err.value)


def test_policy_changes_change_the_plan(sample: Meeting) -> None:
    two_leads = plan(_inputs(sample, policy=parse_policy("30m,5m,report=off,rapporteur=off")))
    assert [r.kind for r in two_leads] == [ReminderKind.SESSION] * 8
    first_session = [r for r in two_leads if r.session is sample.sessions[0]]
    assert [(r.id.rsplit("/", 1)[1], r.due.strftime("%H:%M")) for r in first_session] == [
        ("30m", "09:30"),
        ("5m", "09:55"),
    ]
    assert plan(_inputs(sample, policy=parse_policy("off,report=off,rapporteur=off"))) == []
    preview = plan(_inputs(sample, policy=parse_policy("2d@09:00,report=off,rapporteur=off")))
    assert [(r.kind, r.due.isoformat()) for r in preview] == [
        (ReminderKind.DAY_BEFORE, "2003-10-13T09:00:00-04:00")
    ]


def test_personal_reminders_for_a_session_and_for_a_continued_item(sample: Meeting) -> None:
    afternoon = sample.days[0].sessions[1]
    item_viii = sample.days[1].sessions[0].items[0]
    subs = (
        Subscription("U1", Target.for_session(afternoon), 10, id=1),
        Subscription("U2", Target.for_item(item_viii), 5, id=2, user_tz="Europe/Zurich"),
    )
    policy = parse_policy("off,report=off,rapporteur=off")
    reminders = plan(_inputs(sample, policy=policy, subscriptions=subs))
    assert [(r.id, r.due.strftime("%d %H:%M"), str(r.destination)) for r in reminders] == [
        (f"{SLUG}/personal/U1/2003-10-15-afternoon-session/10m", "15 14:50", "DM U1"),
        (f"{SLUG}/personal/U2/2003-10-16-morning-session/item-VIII/5m", "16 09:55", "DM U2"),
        (f"{SLUG}/personal/U2/2003-10-16-afternoon-session/item-VIII/5m", "16 14:55", "DM U2"),
    ]
    # Shown in the subscriber's own zone too.
    text = compose(reminders[1], sample, ny("2003-10-16 09:55")).title
    assert text == (
        "Your reminder: VIII. Review of activities on international migration related to the "
        "implementation of the Programme of Action of the International Conference on Population "
        "and Development (ICPD), with particular attention to the issues of undocumented migration, "
        "workers' remittances and security is on the agenda of the Morning session, which starts in "
        "5 minutes (10:00 New York time (16:00 your time))."
    )
    gone = Subscription("U3", Target(TargetKind.SESSION, "2003-10-17|evening session|"), 5, id=3)
    assert missing_targets(_inputs(sample, subscriptions=(*subs, gone))) == [gone]


def test_a_duplicated_item_number_still_gets_unique_ids() -> None:
    session = Session(
        title="Afternoon session",
        day=ny("2003-10-16 00:00").date(),
        starts_at=ny("2003-10-16 15:00"),
        items=(
            Item(title="Rapporteur's report", number="IX", ordinal=1, kind=ItemKind.RAPPORTEUR_REPORT),
            Item(title="Rapporteur's report (cont.)", number="IX", ordinal=2, kind=ItemKind.RAPPORTEUR_REPORT),
        ),
    )
    day = Day(date=session.day, sessions=(session,))
    meeting = Meeting("m", "M", "America/New_York", day.date, day.date, days=(day,))
    ids = [r.id for r in plan(_inputs(meeting, policy=parse_policy("off,rapporteur=off")))]
    assert ids == ["m/rapporteur_report/2003-10-16-afternoon-session/item-IX",
                   "m/rapporteur_report/2003-10-16-afternoon-session/item-IX~2"]


def test_upcoming_keeps_what_is_due_from_now_on(sample: Meeting) -> None:
    reminders = plan(_inputs(sample))
    later = upcoming(reminders, ny("2003-10-16 09:45"))
    assert [r.due for r in later][0] == ny("2003-10-16 09:45")
    assert len(later) == 4


def test_finding_what_someone_wants_to_be_reminded_of(sample: Meeting) -> None:
    assert find_target(sample, "item V") == Target(TargetKind.ITEM, "v", "item V. Presentation and discussion on workers' remittances")
    assert find_target(sample, "IX").key == "ix"
    thursday = find_target(sample, "the afternoon session on Thursday")
    assert thursday.key == "2003-10-16|afternoon session|"
    # Without a day: the next one from now.
    assert find_target(sample, "afternoon session", ny("2003-10-15 19:00")).key == "2003-10-16|afternoon session|"
    assert find_target(sample, "afternoon session", ny("2003-10-15 08:00")).key == "2003-10-15|afternoon session|"
    with pytest.raises(ReminderSettingsError, match="There is no item XX"):
        find_target(sample, "item XX")
    with pytest.raises(ReminderSettingsError, match="Sessions: Morning session, Afternoon session"):
        find_target(sample, "evening session")


def test_wording_is_from_the_moment_of_sending(sample: Meeting) -> None:
    session_reminder = plan(_inputs(sample, channel_id="C1"))[1]
    on_time = compose(session_reminder, sample, ny("2003-10-15 09:45"))
    assert on_time.title == "Morning session starts in 15 minutes — 10:00–13:00 New York time"
    assert "• IV. General Assembly debates on international migration" in on_time.body
    assert "• A/58/98 — Report of the Secretary-General on international migration and development" in on_time.body
    assert not on_time.late and "late" not in on_time.body
    late = compose(session_reminder, sample, ny("2003-10-15 10:05"))
    assert late.title == "Morning session started 5 minutes ago — 10:00–13:00 New York time"
    assert late.late and late.late_note.startswith("This reminder is 20 minutes late")
    assert "late" not in late.body and "(This reminder is 20 minutes late" in late.text
    assert relative(ny("2003-10-15 10:00"), ny("2003-10-15 08:30")) == "starts in 1 hour 30 minutes"

    preview = compose(plan(_inputs(sample))[0], sample, ny("2003-10-14 17:00"))
    assert preview.title == (
        "Tomorrow: Second Coordination Meeting on International Migration — Wednesday 15 October"
    )
    assert "10:00–13:00  Morning session" in preview.body and "15:00–18:00  Afternoon session" in preview.body

    dm = next(r for r in plan(_inputs(sample, rapporteur="U9")) if r.kind is ReminderKind.RAPPORTEUR_DM)
    assert compose(dm, sample, ny("2003-10-16 13:00")).title == (
        "You are the rapporteur: IX. Rapporteur's report is in the Afternoon session, "
        "which starts in 2 hours (15:00)."
    )


def test_remind_me_before_item_5_finds_item_v(sample: Meeting) -> None:
    assert find_target(sample, "item 5").key == "v"
    assert find_target(sample, "before item 9").key == "ix"
