-- Authorization cache invalidation: every change of a row that feeds the in-process authorization
-- cache (apps/server/src/modules/authz-cache) is announced on the channel `authz_changed`, whichever
-- code path or process made it (API, CLI, another replica, direct SQL). NOTIFY is delivered at commit
-- to every listening replica; equal payloads within one transaction are delivered once.
-- Payloads: a user id (that user's row, roles, API keys and sessions are dropped), `session:<sha256
-- of the id>` (one session record), `*` (everything). Ids and hashes only, never values.
-- Rows of organizations, teams and clients feed no cached value; deleting them cascades to the
-- member, admin and user rows below, whose triggers fire for every cascaded row.
CREATE OR REPLACE FUNCTION authz_notify() RETURNS trigger AS $$
DECLARE
  col text := TG_ARGV[0];
  prefix text := coalesce(TG_ARGV[1], '');
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('authz_changed', prefix || (to_jsonb(OLD) ->> col));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('authz_changed', prefix || (to_jsonb(NEW) ->> col));
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION authz_notify_all() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('authz_changed', '*');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER users_authz_notify AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION authz_notify('id');
--> statement-breakpoint
CREATE TRIGGER org_members_authz_notify AFTER INSERT OR UPDATE OR DELETE ON org_members
  FOR EACH ROW EXECUTE FUNCTION authz_notify('user_id');
--> statement-breakpoint
CREATE TRIGGER team_members_authz_notify AFTER INSERT OR UPDATE OR DELETE ON team_members
  FOR EACH ROW EXECUTE FUNCTION authz_notify('user_id');
--> statement-breakpoint
CREATE TRIGGER client_admins_authz_notify AFTER INSERT OR UPDATE OR DELETE ON client_admins
  FOR EACH ROW EXECUTE FUNCTION authz_notify('user_id');
--> statement-breakpoint
-- A key's use is recorded in last_used_at (at most once a minute): that alone changes nothing cached.
CREATE TRIGGER api_keys_authz_notify_update AFTER UPDATE ON api_keys
  FOR EACH ROW WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))
  EXECUTE FUNCTION authz_notify('user_id');
--> statement-breakpoint
CREATE TRIGGER api_keys_authz_notify_delete AFTER DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION authz_notify('user_id');
--> statement-breakpoint
CREATE TRIGGER sessions_authz_notify_update AFTER UPDATE ON sessions
  FOR EACH ROW EXECUTE FUNCTION authz_notify('id_hash', 'session:');
--> statement-breakpoint
-- The periodic sweep of expired sessions announces nothing: an expired record is never served.
CREATE TRIGGER sessions_authz_notify_delete AFTER DELETE ON sessions
  FOR EACH ROW WHEN (OLD.expires_at > now()) EXECUTE FUNCTION authz_notify('id_hash', 'session:');
--> statement-breakpoint
CREATE TRIGGER users_authz_notify_truncate AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION authz_notify_all();
--> statement-breakpoint
CREATE TRIGGER org_members_authz_notify_truncate AFTER TRUNCATE ON org_members
  FOR EACH STATEMENT EXECUTE FUNCTION authz_notify_all();
--> statement-breakpoint
CREATE TRIGGER team_members_authz_notify_truncate AFTER TRUNCATE ON team_members
  FOR EACH STATEMENT EXECUTE FUNCTION authz_notify_all();
--> statement-breakpoint
CREATE TRIGGER client_admins_authz_notify_truncate AFTER TRUNCATE ON client_admins
  FOR EACH STATEMENT EXECUTE FUNCTION authz_notify_all();
--> statement-breakpoint
CREATE TRIGGER api_keys_authz_notify_truncate AFTER TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION authz_notify_all();
--> statement-breakpoint
CREATE TRIGGER sessions_authz_notify_truncate AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION authz_notify_all();
