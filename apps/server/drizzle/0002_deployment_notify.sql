-- Live deployment status (SSE): every change of a deployment row is announced on the channel
-- `deployment_changed` with its id and team, whichever code path (API, status syncer, outbox, secrets)
-- made it. NOTIFY is delivered at commit, to every server replica listening on the database; equal
-- payloads within one transaction are delivered once. The payload carries ids only, never values.
CREATE OR REPLACE FUNCTION notify_deployment_changed() RETURNS trigger AS $$
DECLARE
  r deployments%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN
    r := OLD;
  ELSE
    r := NEW;
  END IF;
  PERFORM pg_notify('deployment_changed', json_build_object('id', r.id, 'teamId', r.team_id)::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER deployments_notify_changed
  AFTER INSERT OR UPDATE OR DELETE ON deployments
  FOR EACH ROW EXECUTE FUNCTION notify_deployment_changed();
