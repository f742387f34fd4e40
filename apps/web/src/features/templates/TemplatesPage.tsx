import { Link } from 'react-router';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { TemplatesIcon } from '../../components/ui/icons';
import { buttonClass } from '../../components/ui/styles';

export function TemplatesPage() {
  return (
    <>
      <PageHeader
        title="Templates"
        description="Reusable bundles of services — frontend, backend, database, cache — ready to deploy with a few settings."
      />
      <EmptyState
        icon={<TemplatesIcon />}
        title="No templates available yet"
        actions={
          <Link to="/secrets" className={buttonClass('secondary')}>
            Prepare your secrets
          </Link>
        }
      >
        System templates from your platform team, and the private, team and organization templates your plan allows, are listed
        here with search and categories. Pick one to start a deployment, or write your own in YAML.
      </EmptyState>
    </>
  );
}
