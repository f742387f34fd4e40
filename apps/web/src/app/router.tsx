import { Suspense, lazy } from 'react';
import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { AppShell } from '../components/layout/AppShell';
import { NotFoundPage } from '../components/NotFoundPage';
import { RouteErrorPage } from '../components/RouteErrorPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { RequireAuth } from '../features/session/RequireAuth';
import { SignInPage } from '../features/session/SignInPage';

/** React.lazy for a module with a named export (the house style has no default exports). */
function lazyNamed<M extends Record<string, unknown>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

// The first routes (sign-in, dashboard) are in the main bundle; every other page is its own chunk.
const DeploymentsPage = lazyNamed(() => import('../features/deployments/DeploymentsPage'), 'DeploymentsPage');
const DeploymentDetailPage = lazyNamed(
  () => import('../features/deployments/DeploymentDetailPage'),
  'DeploymentDetailPage',
);
const DeployWizardPage = lazyNamed(
  () => import('../features/deployments/DeployWizardPage'),
  'DeployWizardPage',
);
const TemplatesPage = lazyNamed(() => import('../features/templates/TemplatesPage'), 'TemplatesPage');
const TemplateEditorPage = lazyNamed(
  () => import('../features/templates/TemplateEditorPage'),
  'TemplateEditorPage',
);
const TemplateDetailPage = lazyNamed(
  () => import('../features/templates/TemplateDetailPage'),
  'TemplateDetailPage',
);
const TeamsPage = lazyNamed(() => import('../features/teams/TeamsPage'), 'TeamsPage');
const TeamDetailPage = lazyNamed(() => import('../features/teams/TeamDetailPage'), 'TeamDetailPage');
const InvitationPage = lazyNamed(() => import('../features/teams/InvitationPage'), 'InvitationPage');
const ClientsPage = lazyNamed(() => import('../features/admin/ClientsPage'), 'ClientsPage');
const OrgsAdminPage = lazyNamed(() => import('../features/admin/OrgsAdminPage'), 'OrgsAdminPage');
const OrgPage = lazyNamed(() => import('../features/teams/OrgPage'), 'OrgPage');
const SecretsPage = lazyNamed(() => import('../features/secrets/SecretsPage'), 'SecretsPage');
const BillingPage = lazyNamed(() => import('../features/billing/BillingPage'), 'BillingPage');
const SettingsPage = lazyNamed(() => import('../features/settings/SettingsPage'), 'SettingsPage');

export function createRouter() {
  return createBrowserRouter([
    { path: '/signin', element: <SignInPage />, errorElement: <RouteErrorPage /> },
    {
      path: '/invitations/:token',
      element: (
        <Suspense fallback={null}>
          <InvitationPage />
        </Suspense>
      ),
      errorElement: <RouteErrorPage />,
    },
    {
      path: '/',
      element: (
        <RequireAuth>
          <AppShell />
        </RequireAuth>
      ),
      errorElement: <RouteErrorPage />,
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'deployments', element: <DeploymentsPage /> },
        { path: 'deployments/:id', element: <DeploymentDetailPage /> },
        { path: 'deploy/:templateId', element: <DeployWizardPage /> },
        { path: 'templates', element: <TemplatesPage /> },
        { path: 'templates/new', element: <TemplateEditorPage /> },
        { path: 'templates/:id', element: <TemplateDetailPage /> },
        { path: 'teams', element: <TeamsPage /> },
        { path: 'teams/:teamId', element: <TeamDetailPage /> },
        { path: 'orgs/:orgId', element: <OrgPage /> },
        { path: 'secrets', element: <SecretsPage /> },
        { path: 'billing', element: <BillingPage /> },
        { path: 'settings', element: <SettingsPage /> },
        { path: 'admin/clients', element: <ClientsPage /> },
        { path: 'admin/orgs', element: <OrgsAdminPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
