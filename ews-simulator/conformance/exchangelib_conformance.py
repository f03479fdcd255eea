#!/usr/bin/python3
"""exchangelib against the Slotbridge EWS simulator: a second, independent EWS client.

Every check uses exchangelib's public API (Debian's python3-exchangelib) over real HTTPS, NTLM or
Basic, against a running simulator, and records what it saw. Nothing here is mocked.

Usage: /usr/bin/python3 exchangelib_conformance.py RESULTS.json [CHECK ...]
Environment:
  EWS_URL            the simulator's EWS endpoint with a valid certificate
  EWS_UNTRUSTED_URL  the same endpoint presenting a self-signed certificate (must be refused)
  EWS_CA_FILE        the simulator's test root CA (PEM), the only CA trusted here
  EWS_CONTROL_URL    the simulator's control API (request log, reset)
  EWS_PASSWORD       the seed accounts' password

RESULTS.json gets {"exchangelib": version, "checks": [{"name", "ok", "detail", "ms"}]}; the
vitest runner (exchangelib.test.ts) turns each check into one test. A check that raises or whose
expectation fails is "ok": false with the reason; the script itself exits 0 unless it could not run.
"""

import datetime
import json
import os
import sys
import time
import traceback

import requests
import requests.adapters

import exchangelib
from exchangelib import (
    BASIC,
    DELEGATE,
    IMPERSONATION,
    NTLM,
    Account,
    Build,
    CalendarItem,
    Configuration,
    Credentials,
    EWSDateTime,
    EWSTimeZone,
    FailFast,
    Version,
)
from exchangelib.errors import (
    DoesNotExist,
    ErrorImpersonateUserDenied,
    ErrorItemNotFound,
    ErrorNameResolutionNoResults,
    ErrorSchemaValidation,
    TransportError,
)
from exchangelib.items import SEND_ONLY_TO_ALL, SEND_TO_ALL_AND_SAVE_COPY, SEND_TO_NONE
from exchangelib.properties import TimeZone
from exchangelib.protocol import BaseProtocol, CachingProtocol

# Read from the environment by main(); `--list` needs none of them.
EWS_URL = UNTRUSTED_URL = CA_FILE = CONTROL_URL = PASSWORD = ""

ALICE = "alice@contoso.test"
BOB = "bob@contoso.test"
CHLOE = "chloe@contoso.test"
HIRO = "hiro@contoso.test"
SERVICE = "svc-slotbridge@contoso.test"

LONDON = EWSTimeZone("Europe/London")
BERLIN = EWSTimeZone("Europe/Berlin")
UTC = EWSTimeZone("UTC")


class TrustTheSimulatorCA(requests.adapters.HTTPAdapter):
    """Verifies every certificate against the simulator's test CA, and only that CA.

    exchangelib's documented hook for TLS settings is BaseProtocol.HTTP_ADAPTER_CLS. Verification is
    never switched off: whatever `verify` a session passes, the CA file is what certificates must
    chain to (the check "tls" proves a self-signed listener is refused).
    """

    def send(self, request, **kwargs):
        kwargs["verify"] = CA_FILE
        return super().send(request, **kwargs)


BaseProtocol.HTTP_ADAPTER_CLS = TrustTheSimulatorCA
BaseProtocol.TIMEOUT = 30


# --- the simulator's control API (test visibility only; exchangelib never sees it) ---------------


def request_log():
    response = requests.get(f"{CONTROL_URL}/requests", timeout=10)
    response.raise_for_status()
    return response.json()


def log_since(mark):
    return [entry for entry in request_log() if entry["id"] > mark]


def log_mark():
    entries = request_log()
    return entries[-1]["id"] if entries else 0


def stored_calendar(email):
    response = requests.get(f"{CONTROL_URL}/mailboxes/{email}/calendar", timeout=10)
    response.raise_for_status()
    return response.json()


# --- accounts ------------------------------------------------------------------------------------


def make_account(email, username, auth_type=NTLM, access_type=DELEGATE, version=None, default_timezone=LONDON):
    """An exchangelib Account as an ordinary user configures one: no autodiscover, the EWS URL given.

    Without `version`, exchangelib asks the server which version it runs (a ConvertId probe).
    """
    config = Configuration(
        service_endpoint=EWS_URL,
        credentials=Credentials(username, PASSWORD),
        auth_type=auth_type,
        version=version,
        retry_policy=FailFast(),
    )
    return Account(
        primary_smtp_address=email,
        config=config,
        autodiscover=False,
        access_type=access_type,
        default_timezone=default_timezone,
    )


def forget_protocols():
    """exchangelib caches one Protocol per (endpoint, credentials); versions and auth live there."""
    CachingProtocol.clear_cache()


_alice = None


def alice():
    global _alice
    if _alice is None:
        _alice = make_account(ALICE, "CONTOSO\\alice")
    return _alice


# --- expectations --------------------------------------------------------------------------------


class Failed(AssertionError):
    pass


def expect(condition, message):
    if not condition:
        raise Failed(message)


def expect_equal(actual, expected, what):
    if actual != expected:
        raise Failed(f"{what}: expected {expected!r}, got {actual!r}")


def expect_raises(error_cls, action, what):
    try:
        action()
    except error_cls as error:
        return error
    except Exception as error:  # noqa: BLE001 - the wrong error is the finding
        raise Failed(f"{what}: expected {error_cls.__name__}, got {type(error).__name__}: {error}") from error
    raise Failed(f"{what}: expected {error_cls.__name__}, but the call succeeded")


def this_week(tz):
    """Monday 00:00 to the next Monday 00:00 in `tz`, around now (the simulator seeds this week)."""
    today = datetime.datetime.now(datetime.timezone.utc).astimezone(tz).date()
    monday = today - datetime.timedelta(days=today.weekday())
    start = EWSDateTime(monday.year, monday.month, monday.day, tzinfo=tz)
    return start, start + datetime.timedelta(days=7)


def next_week_at(tz, weekday, hour):
    start, _ = this_week(tz)
    day = start + datetime.timedelta(days=7 + weekday)
    return EWSDateTime(day.year, day.month, day.day, hour, 0, tzinfo=tz)


def expect_gone(account, item_id, what):
    """GetItem no longer finds the item (exchangelib's get() returns, not raises, a per-item error)."""
    try:
        found = account.calendar.get(id=item_id)
    except (DoesNotExist, ErrorItemNotFound):
        return
    expect(isinstance(found, ErrorItemNotFound), f"{what}: GetItem still answers {found!r}")


def in_calendar(account, item_id, around):
    """Whether an item id is still in the calendar view of the day around `around`."""
    view = account.calendar.view(start=around - datetime.timedelta(hours=12), end=around + datetime.timedelta(hours=12))
    return any(found.id == item_id for found in view)


def new_meeting(account, subject, start, **fields):
    item = CalendarItem(
        account=account,
        folder=account.calendar,
        subject=subject,
        body="Agenda: conformance",
        location="Room 4",
        start=start,
        end=start + datetime.timedelta(hours=1),
        required_attendees=[BOB, CHLOE],
        **fields,
    )
    item.save(send_meeting_invitations=SEND_TO_NONE)
    return item


# --- checks --------------------------------------------------------------------------------------

CHECKS = []


def check(name):
    def register(run):
        CHECKS.append((name, run))
        return run

    return register


@check("tls: only the simulator's test CA is trusted; a self-signed listener is refused")
def check_tls():
    untrusted = Configuration(
        service_endpoint=UNTRUSTED_URL,
        credentials=Credentials("CONTOSO\\bob", PASSWORD),
        auth_type=NTLM,
        version=Version(build=Build(15, 1, 2507, 6), api_version="Exchange2016"),
        retry_policy=FailFast(),
    )
    account = Account(BOB, config=untrusted, autodiscover=False, access_type=DELEGATE)
    error = expect_raises(TransportError, lambda: account.root, "a self-signed certificate")
    expect("CERTIFICATE_VERIFY_FAILED" in str(error), f"not a certificate refusal: {error!r}")


@check("NTLM sign-in")
def check_ntlm():
    mark = log_mark()
    root = alice().root
    expect(root is not None, "no root folder")
    signed_in = [e for e in log_since(mark) if e.get("account") == ALICE and e["status"] == 200]
    expect(signed_in, "no successful request by alice")
    expect_equal({e.get("authScheme") for e in signed_in}, {"NTLM"}, "authentication scheme")


@check("Basic sign-in")
def check_basic():
    mark = log_mark()
    account = make_account(ALICE, ALICE, auth_type=BASIC)
    expect_equal(account.calendar.name, "Calendar", "calendar name over Basic")
    signed_in = [e for e in log_since(mark) if e.get("account") == ALICE and e["status"] == 200]
    expect(signed_in, "no successful request by alice")
    expect_equal({e.get("authScheme") for e in signed_in}, {"Basic"}, "authentication scheme")


@check("server version detected without configuration (exchangelib's ConvertId probe)")
def check_version_guess():
    version = alice().version
    expect(version.build is not None, "no build learnt from ServerVersionInfo")
    expect_equal((version.build.major_version, version.build.minor_version), (15, 1), "build (Exchange 2016)")
    expect_equal(version.api_version, "Exchange2016", "API version exchangelib settled on")


@check("account.root: the folder hierarchy")
def check_root():
    account = alice()
    root = account.root
    expect_equal(root.name, "root", "root's name (Exchange sends an empty DisplayName)")
    expect_equal(root.child_folder_count, 2, "root's ChildFolderCount")
    expect_equal(
        sorted(f.name for f in root.children), ["Recoverable Items", "Top of Information Store"], "root's children"
    )
    expect_equal(
        sorted(f.name for f in (root / "Recoverable Items").children), ["Deletions", "Purges", "Versions"], "dumpster"
    )
    top = root / "Top of Information Store"
    names = sorted(f.name for f in top.children)
    expect_equal(
        names,
        ["Calendar", "Contacts", "Deleted Items", "Drafts", "Inbox", "Outbox", "Sent Items", "Tasks"],
        "Top of Information Store's children",
    )
    expect_equal(account.msg_folder_root.name, "Top of Information Store", "msg_folder_root")
    for folder, name, folder_class in [
        (account.inbox, "Inbox", "IPF.Note"),
        (account.sent, "Sent Items", "IPF.Note"),
        (account.trash, "Deleted Items", "IPF.Note"),
        (account.drafts, "Drafts", "IPF.Note"),
        (account.outbox, "Outbox", "IPF.Note"),
        (account.contacts, "Contacts", "IPF.Contact"),
        (account.tasks, "Tasks", "IPF.Task"),
    ]:
        expect_equal((folder.name, folder.folder_class), (name, folder_class), f"distinguished folder {name}")
        expect(folder.id and folder.changekey, f"{name} has no FolderId/ChangeKey")
    expect(account.root.tree().startswith("root\n"), "tree() does not start at root")


@check("account.calendar")
def check_calendar():
    calendar = alice().calendar
    expect_equal((calendar.name, calendar.folder_class), ("Calendar", "IPF.Appointment"), "calendar")
    expect(calendar.id and calendar.changekey, "no FolderId/ChangeKey")
    expect_equal(calendar.child_folder_count, 0, "ChildFolderCount")
    stored = calendar.all().count()
    expect(stored > 0, "the seeded calendar is empty")
    expect_equal(calendar.total_count, stored, "TotalCount against FindItem's count")


@check("calendar.view() expands recurring series")
def check_view():
    start, end = this_week(LONDON)
    items = list(alice().calendar.view(start=start, end=end))
    expect(items, "no items this week")
    for item in items:
        expect(item.start < end and item.end > start, f"{item.subject} lies outside the view")
    starts = [item.start for item in items]
    expect_equal(starts, sorted(starts), "view order (by start)")
    occurrences = [item for item in items if item.type == "Occurrence"]
    expect(len(occurrences) >= 2, "no expanded occurrences")
    expect(all(item.is_recurring for item in occurrences), "an occurrence is not marked recurring")
    series = {}
    for item in occurrences:
        series.setdefault(item.subject, []).append(item)
    expect(any(len(found) >= 2 for found in series.values()), "no series with two occurrences in one week")
    masters = [item for item in alice().calendar.all() if item.type == "RecurringMaster"]
    expect(masters, "FindItem without a view lists no recurring master")


@check(".only() asks for and returns just those fields")
def check_only():
    start, end = this_week(LONDON)
    mark = log_mark()
    items = list(alice().calendar.view(start=start, end=end).only("subject", "start"))
    expect(items, "no items")
    for item in items:
        expect(item.subject and item.start, "a requested field is missing")
        expect(item.location is None and item.end is None, f"{item.subject}: fields beyond .only() came back")
    shapes = [e.get("itemShape") for e in log_since(mark) if e.get("operation") == "FindItem"]
    # exchangelib adds the start's time zone to read `start` with it.
    expect_equal(shapes, ["IdOnly + calendar:Start, calendar:StartTimeZone, item:Subject"], "ItemShape the server saw")


@check("max_items limits a view")
def check_max_items():
    start, end = this_week(LONDON)
    everything = [item.id for item in alice().calendar.view(start=start, end=end)]
    expect(len(everything) > 3, "too few items to limit")
    limited = [item.id for item in alice().calendar.view(start=start, end=end, max_items=3)]
    expect_equal(limited, everything[:3], "the first three items")


@check("get by id (single item and occurrence)")
def check_get_by_id():
    start, end = this_week(LONDON)
    items = list(alice().calendar.view(start=start, end=end))
    single = next(item for item in items if item.type == "Single")
    occurrence = next(item for item in items if item.type == "Occurrence")
    for wanted in (single, occurrence):
        fetched = alice().calendar.get(id=wanted.id, changekey=wanted.changekey)
        expect_equal(
            (fetched.subject, fetched.start, fetched.end, fetched.type),
            (wanted.subject, wanted.start, wanted.end, wanted.type),
            f"{wanted.type} fetched by id",
        )
    [fetched] = list(alice().fetch(ids=[(single.id, single.changekey)]))
    expect_equal(fetched.subject, single.subject, "account.fetch()")


@check("create in Europe/Berlin with attendees, categories and importance, read back intact")
def check_create():
    account = alice()
    start = next_week_at(BERLIN, 1, 10)
    item = new_meeting(
        account, "Conformance: created in Berlin", start, categories=["Slotbridge", "Blue category"], importance="High"
    )
    try:
        problems = []
        fetched = account.calendar.get(id=item.id)

        def same(what, actual, expected):
            if actual != expected:
                problems.append(f"{what}: expected {expected!r}, got {actual!r}")

        same("subject", fetched.subject, "Conformance: created in Berlin")
        same("location", fetched.location, "Room 4")
        same("body", str(fetched.body or "").strip(), "Agenda: conformance")
        same("start (instant)", fetched.start, start)
        same("end (instant)", fetched.end, start + datetime.timedelta(hours=1))
        same("start time zone", fetched._start_timezone, BERLIN)
        same("end time zone", fetched._end_timezone, BERLIN)
        same("required attendees", sorted(a.mailbox.email_address for a in fetched.required_attendees or []), [BOB, CHLOE])
        same("organizer", fetched.organizer.email_address if fetched.organizer else None, ALICE)
        same("is_meeting", fetched.is_meeting, True)
        same("categories", fetched.categories, ["Slotbridge", "Blue category"])
        same("importance", fetched.importance, "High")
        stored = next((i for i in stored_calendar(ALICE) if i["id"] == item.id), None)
        same("zone stored by the server", stored and stored["timeZone"], "Europe/Berlin")
        expect(not problems, "; ".join(problems))
    finally:
        item.delete(send_meeting_cancellations=SEND_TO_NONE)


@check("update (subject, location, categories, importance, time)")
def check_update():
    account = alice()
    start = next_week_at(BERLIN, 2, 9)
    item = new_meeting(account, "Conformance: to update", start)
    try:
        old_changekey = item.changekey
        item.subject = "Conformance: updated"
        item.location = "Room 7"
        item.categories = ["Updated"]
        item.importance = "Low"
        item.start = start + datetime.timedelta(hours=2)
        item.end = start + datetime.timedelta(hours=3)
        item.save(
            update_fields=["subject", "location", "categories", "importance", "start", "end"],
            send_meeting_invitations=SEND_TO_NONE,
        )
        expect(item.changekey != old_changekey, "the ChangeKey did not change")
        fetched = account.calendar.get(id=item.id)
        expect_equal(
            (fetched.subject, fetched.location, fetched.start, fetched.end),
            ("Conformance: updated", "Room 7", start + datetime.timedelta(hours=2), start + datetime.timedelta(hours=3)),
            "updated fields",
        )
        expect_equal((fetched.categories, fetched.importance), (["Updated"], "Low"), "categories and importance")
    finally:
        item.delete(send_meeting_cancellations=SEND_TO_NONE)


@check("delete with meeting cancellations")
def check_delete():
    account = alice()
    start = next_week_at(BERLIN, 3, 9)
    item = new_meeting(account, "Conformance: to delete", start)
    item_id = item.id
    trash_before = account.trash.total_count
    item.delete(send_meeting_cancellations=SEND_TO_ALL_AND_SAVE_COPY)
    expect_gone(account, item_id, "the deleted meeting")
    expect(not in_calendar(account, item_id, start), "the deleted meeting is still in the calendar view")
    account.trash.refresh()
    expect_equal(account.trash.total_count, trash_before, "Deleted Items count (a hard delete skips it)")


@check("cancel() a meeting")
def check_cancel():
    account = alice()
    start = next_week_at(BERLIN, 3, 11)
    item = new_meeting(account, "Conformance: to cancel", start)
    item_id = item.id
    item.cancel(body="Cancelled by the conformance check")
    # Exchange removes a cancelled meeting from the organizer's calendar (SendAndSaveCopy keeps the notice).
    expect_gone(account, item_id, "the cancelled meeting")
    expect(not in_calendar(account, item_id, start), "the cancelled meeting is still in the calendar view")


@check("soft_delete()")
def check_soft_delete():
    account = alice()
    start = next_week_at(BERLIN, 3, 14)
    item = new_meeting(account, "Conformance: soft delete", start)
    item_id = item.id
    # exchangelib caches folders with their counts as first read: refresh before counting.
    account.trash.refresh()
    trash_before = account.trash.total_count
    dumpster = account.recoverable_items_deletions
    dumpster.refresh()
    dumpster_before = dumpster.total_count
    item.soft_delete(send_meeting_cancellations=SEND_ONLY_TO_ALL)
    expect_gone(account, item_id, "the soft-deleted meeting")
    expect(not in_calendar(account, item_id, start), "the soft-deleted meeting is still in the calendar view")
    account.trash.refresh()
    expect_equal(account.trash.total_count, trash_before, "Deleted Items count (a soft delete skips it)")
    # Exchange keeps a soft-deleted item in Recoverable Items\Deletions.
    dumpster.refresh()
    expect_equal(dumpster.total_count, dumpster_before + 1, "Recoverable Items\\Deletions count")


@check("move_to_trash()")
def check_move_to_trash():
    account = alice()
    start = next_week_at(BERLIN, 3, 16)
    item = new_meeting(account, "Conformance: move to trash", start)
    item_id = item.id
    account.trash.refresh()
    trash_before = account.trash.total_count
    item.move_to_trash(send_meeting_cancellations=SEND_ONLY_TO_ALL)
    expect_gone(account, item_id, "the trashed meeting's calendar id")
    expect(not in_calendar(account, item_id, start), "the trashed meeting is still in the calendar view")
    account.trash.refresh()
    expect_equal(account.trash.total_count, trash_before + 1, "Deleted Items count")
    expect(
        any(found.subject == "Conformance: move to trash" for found in account.trash.all()),
        "the meeting is not in Deleted Items",
    )


@check("protocol.get_free_busy_info for three mailboxes (own matches calendar.view)")
def check_free_busy():
    account = alice()
    start, end = this_week(BERLIN)
    views = list(
        account.protocol.get_free_busy_info(
            accounts=[(account, "Organizer", False), (CHLOE, "Required", False), (HIRO, "Optional", False)],
            start=start,
            end=end,
            merged_free_busy_interval=30,
            requested_view="DetailedMerged",
        )
    )
    expect_equal(len(views), 3, "one view per mailbox")
    for view in views:
        expect(not isinstance(view, Exception), f"a mailbox failed: {view!r}")
        expect(view.working_hours, "no working hours")
        expect_equal(len(view.merged), 7 * 48, "MergedFreeBusy length (30-minute slots over a week)")

    def as_utc(value):
        # Availability answers wall-clock times in the request's zone (exchangelib returns them naive).
        aware = value if value.tzinfo else value.replace(tzinfo=BERLIN)
        return aware.astimezone(UTC)

    own = sorted((as_utc(e.start), as_utc(e.end), e.busy_type) for e in views[0].calendar_events or [])
    expected = sorted(
        (item.start.astimezone(UTC), item.end.astimezone(UTC), item.legacy_free_busy_status)
        for item in account.calendar.view(start=start, end=end)
        if item.legacy_free_busy_status != "Free"
    )
    expect(own, "no events for the own mailbox")
    expect_equal(own, expected, "own availability against calendar.view (start, end, busy type in UTC)")
    expect_equal(views[0].view_type, "DetailedMerged", "view granted to the owner")
    expect_equal(views[1].view_type, "DetailedMerged", "view granted for chloe (who shares details with alice)")
    expect_equal(views[2].view_type, "FreeBusyMerged", "view granted for hiro (time only)")


@check("impersonation allowed")
def check_impersonation_allowed():
    mark = log_mark()
    account = make_account(ALICE, "CONTOSO\\svc-slotbridge", access_type=IMPERSONATION)
    expect_equal(account.calendar.id, alice().calendar.id, "the impersonated calendar is alice's")
    start, end = this_week(LONDON)
    expect(list(account.calendar.view(start=start, end=end)), "no items through impersonation")
    # The version probe (ConvertId) is protocol-wide and carries no impersonation, as with real Exchange.
    entries = [
        e for e in log_since(mark) if e.get("account") == SERVICE and e["status"] == 200 and e["operation"] != "ConvertId"
    ]
    expect(entries, "no successful request by the service account")
    expect_equal({e.get("impersonating") for e in entries}, {ALICE}, "ExchangeImpersonation header as the server saw it")


@check("impersonation denied")
def check_impersonation_denied():
    account = make_account(ALICE, "CONTOSO\\bob", access_type=IMPERSONATION)
    expect_raises(ErrorImpersonateUserDenied, lambda: account.calendar, "bob impersonating alice")


@check("resolve_names")
def check_resolve_names():
    protocol = alice().protocol
    [bob] = protocol.resolve_names(["bob"])
    expect_equal((bob.name, bob.email_address), ("Bob Brown", BOB), "resolving 'bob'")
    [hiro] = protocol.resolve_names(["Hiro Tanaka"])
    expect_equal(hiro.email_address, HIRO, "resolving a display name")
    [mailbox, contact] = protocol.resolve_names([ALICE], return_full_contact_data=True)[0]
    expect_equal(mailbox.email_address, ALICE, "full contact data: mailbox")
    expect_equal(contact.display_name, "Alice Andersen", "full contact data: contact")
    [missing] = protocol.resolve_names(["nobody-by-that-name"])
    expect(isinstance(missing, ErrorNameResolutionNoResults), f"an unknown name gave {missing!r}")


@check("an invalid request is refused with ErrorSchemaValidation")
def check_schema_validation():
    # exchangelib batches names into one ResolveNames with an UnresolvedEntry each, but Exchange's
    # schema allows one UnresolvedEntry per request: real Exchange refuses this request.
    error = expect_raises(
        ErrorSchemaValidation,
        lambda: alice().protocol.resolve_names(["alice", "bob", "chloe"]),
        "three UnresolvedEntry elements in one ResolveNames",
    )
    expect("line" in str(error).lower(), f"no line/position in the refusal: {error}")


def forced_version_check(api_version, build):
    forget_protocols()
    mark = log_mark()
    account = make_account(
        ALICE, "CONTOSO\\alice", version=Version(build=build, api_version=api_version), default_timezone=LONDON
    )
    expect_equal(account.calendar.name, "Calendar", "calendar")
    start, end = this_week(LONDON)
    expect(list(account.calendar.view(start=start, end=end)), "no items")
    entries = [e for e in log_since(mark) if e.get("account") == ALICE and e.get("operation")]
    versions = {e.get("requestedServerVersion") for e in entries}
    refused = [e for e in entries if e["status"] != 200]
    # exchangelib silently retries other versions on ErrorInvalidServerVersion: only the log shows it.
    expect(not refused, f"refused requests: {[(e['operation'], e['requestedServerVersion']) for e in refused]}")
    expect_equal(versions, {api_version}, "RequestServerVersion of every request")
    expect_equal(account.version.api_version, api_version, "the version exchangelib kept")


@check("forced version Exchange2010_SP2 accepted")
def check_version_2010_sp2():
    forced_version_check("Exchange2010_SP2", Build(14, 2))


@check("forced version Exchange2016 accepted")
def check_version_2016():
    forced_version_check("Exchange2016", Build(15, 1))


@check("GetServerTimeZones: every zone converts for this year")
def check_time_zones():
    protocol = alice().protocol
    names = list(protocol.get_timezones())
    expect(len(names) >= 130, f"only {len(names)} zones")
    expect(all(zone.periods is None for zone in names), "definitions without ReturnFullTimeZoneData have periods")
    year = datetime.date.today().year
    for zone in protocol.get_timezones(return_full_timezone_data=True):
        legacy = TimeZone.from_server_timezone(tz_definition=zone, for_year=year)
        expect(legacy.bias is not None, f"{zone.id}: no bias")
    [berlin] = list(protocol.get_timezones(timezones=[BERLIN], return_full_timezone_data=True))
    legacy = TimeZone.from_server_timezone(tz_definition=berlin, for_year=year)
    expect_equal(
        (legacy.bias, legacy.daylight_time.bias, legacy.daylight_time.iso_month, legacy.standard_time.iso_month),
        (-60, -60, 3, 10),
        "W. Europe Standard Time as a legacy TimeZone",
    )


def main():
    global EWS_URL, UNTRUSTED_URL, CA_FILE, CONTROL_URL, PASSWORD
    EWS_URL = os.environ["EWS_URL"]
    UNTRUSTED_URL = os.environ["EWS_UNTRUSTED_URL"]
    CA_FILE = os.environ["EWS_CA_FILE"]
    CONTROL_URL = os.environ["EWS_CONTROL_URL"].rstrip("/")
    PASSWORD = os.environ["EWS_PASSWORD"]
    output = sys.argv[1]
    wanted = set(sys.argv[2:])
    results = []
    for name, run in CHECKS:
        if wanted and name not in wanted:
            continue
        started = time.monotonic()
        try:
            run()
            results.append({"name": name, "ok": True, "detail": ""})
        except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the others
            detail = f"{type(error).__name__}: {error}"
            if not isinstance(error, Failed):
                detail += "\n" + "".join(traceback.format_exception(error)[-3:])
            results.append({"name": name, "ok": False, "detail": detail})
        results[-1]["ms"] = round((time.monotonic() - started) * 1000)
    with open(output, "w", encoding="utf-8") as handle:
        json.dump({"exchangelib": exchangelib.__version__, "checks": results}, handle, indent=2)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--list":
        print(json.dumps([name for name, _ in CHECKS]))
    else:
        main()
