"""Database triggers that keep the console's records as written, like comments/0002 does for
verdicts (docs/adr/0002), whatever writes to the database:

- reports and audit entries are append-only: never updated, never deleted;
- an appeal is never deleted, its message and comment never change, and its outcome is set once;
- an escalation is never deleted and is closed once.

On SQLite, a later migration that rebuilds one of these tables must install its triggers again.
"""

from django.db import migrations

APPEND_ONLY = {
    "console_report": "talkback: reports are append-only",
    "console_auditentry": "talkback: the audit log is append-only",
}
#: Table -> (the condition under which an UPDATE is refused, the message).
SET_ONCE = {
    "console_appeal": (
        "NEW.message IS DISTINCT FROM OLD.message OR NEW.comment_id IS DISTINCT FROM "
        "OLD.comment_id OR OLD.decision <> ''",
        "talkback: appeal messages never change, outcomes are set once",
    ),
    "console_escalation": (
        "NEW.comment_id IS DISTINCT FROM OLD.comment_id OR OLD.closed_at IS NOT NULL",
        "talkback: an escalation is closed once",
    ),
}
NO_DELETE = {
    "console_appeal": "talkback: appeals are never deleted",
    "console_escalation": "talkback: escalations are never deleted",
}


def sqlite_statements():
    forward, backward = [], []

    def trigger(name, event, table, message, when=""):
        forward.append(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table} {when}"
            f" BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        backward.append(f"DROP TRIGGER {name}")

    for table, message in APPEND_ONLY.items():
        trigger(f"{table}_no_update", "UPDATE", table, message)
        trigger(f"{table}_no_delete", "DELETE", table, message)
    for table, (condition, message) in SET_ONCE.items():
        # SQLite spells IS DISTINCT FROM as IS NOT.
        when = "WHEN " + condition.replace("IS DISTINCT FROM", "IS NOT")
        trigger(f"{table}_set_once", "UPDATE", table, message, when)
    for table, message in NO_DELETE.items():
        trigger(f"{table}_no_delete", "DELETE", table, message)
    return forward, backward


def postgresql_statements():
    forward, backward = [], []

    def trigger(name, event, table, body):
        forward.append(
            f"CREATE FUNCTION talkback_{name}() RETURNS trigger AS $$ BEGIN {body} END $$"
            " LANGUAGE plpgsql"
        )
        forward.append(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table}"
            f" FOR EACH ROW EXECUTE FUNCTION talkback_{name}()"
        )
        backward.append(f"DROP TRIGGER {name} ON {table}")
        backward.append(f"DROP FUNCTION talkback_{name}()")

    def refuse(message):
        return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';"

    for table, message in APPEND_ONLY.items():
        trigger(f"{table}_append_only", "UPDATE OR DELETE", table, refuse(message))
    for table, (condition, message) in SET_ONCE.items():
        body = f"IF {condition} THEN {refuse(message)} END IF; RETURN NEW;"
        trigger(f"{table}_set_once", "UPDATE", table, body)
    for table, message in NO_DELETE.items():
        trigger(f"{table}_no_delete", "DELETE", table, refuse(message))
    return forward, backward


BY_VENDOR = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}


def _run(direction):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in BY_VENDOR:
            raise RuntimeError(f"Talkback supports SQLite and PostgreSQL, not {vendor}")
        forward, backward = BY_VENDOR[vendor]()
        for sql in forward if direction == "forward" else backward:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("console", "0003_audit_and_append_only")]

    operations = [migrations.RunPython(_run("forward"), _run("backward"))]
