"""Database triggers that keep what Talkback stores as written, whatever writes to the database.

- a comment's text can never change;
- verdicts are append-only: never updated, never deleted.
The model layer refuses the same changes; these triggers also stop raw SQL, other programs and
bulk updates. One set per supported database vendor.
"""

from django.db import migrations

COMMENT_TEXT = "talkback: comment text can never change after it is stored"
VERDICT = "talkback: verdicts are append-only"

SQLITE = {
    "forward": [
        f"""CREATE TRIGGER comment_text_immutable BEFORE UPDATE OF text ON comments_comment
            WHEN NEW.text IS NOT OLD.text
            BEGIN SELECT RAISE(ABORT, '{COMMENT_TEXT}'); END""",
        f"""CREATE TRIGGER verdict_no_update BEFORE UPDATE ON comments_verdict
            BEGIN SELECT RAISE(ABORT, '{VERDICT}'); END""",
        f"""CREATE TRIGGER verdict_no_delete BEFORE DELETE ON comments_verdict
            BEGIN SELECT RAISE(ABORT, '{VERDICT}'); END""",
    ],
    "backward": [
        "DROP TRIGGER comment_text_immutable",
        "DROP TRIGGER verdict_no_update",
        "DROP TRIGGER verdict_no_delete",
    ],
}

POSTGRESQL = {
    "forward": [
        f"""CREATE FUNCTION talkback_comment_text_immutable() RETURNS trigger AS $$
            BEGIN
              IF NEW.text IS DISTINCT FROM OLD.text THEN
                RAISE EXCEPTION '{COMMENT_TEXT}' USING ERRCODE = 'integrity_constraint_violation';
              END IF;
              RETURN NEW;
            END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER comment_text_immutable BEFORE UPDATE OF text ON comments_comment
            FOR EACH ROW EXECUTE FUNCTION talkback_comment_text_immutable()""",
        f"""CREATE FUNCTION talkback_verdict_append_only() RETURNS trigger AS $$
            BEGIN
              RAISE EXCEPTION '{VERDICT}' USING ERRCODE = 'integrity_constraint_violation';
            END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER verdict_append_only BEFORE UPDATE OR DELETE ON comments_verdict
            FOR EACH ROW EXECUTE FUNCTION talkback_verdict_append_only()""",
    ],
    "backward": [
        "DROP TRIGGER comment_text_immutable ON comments_comment",
        "DROP FUNCTION talkback_comment_text_immutable()",
        "DROP TRIGGER verdict_append_only ON comments_verdict",
        "DROP FUNCTION talkback_verdict_append_only()",
    ],
}

BY_VENDOR = {"sqlite": SQLITE, "postgresql": POSTGRESQL}


def _run(direction):
    def run(apps, schema_editor):
        statements = BY_VENDOR.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError(
                f"Talkback supports SQLite and PostgreSQL, not {schema_editor.connection.vendor}"
            )
        for sql in statements[direction]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [migrations.RunPython(_run("forward"), _run("backward"))]
