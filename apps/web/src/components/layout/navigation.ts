import type { ComponentType } from 'react';
import {
  BillingIcon,
  DashboardIcon,
  DeploymentsIcon,
  SecretsIcon,
  SettingsIcon,
  TeamsIcon,
  TemplatesIcon,
  CodeIcon,
} from '../ui/icons';

export type NavItem = {
  to: string;
  label: string;
  icon: ComponentType<{ className?: string }>;
  end?: boolean;
};

export const navItems: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', icon: DashboardIcon, end: true },
  { to: '/deployments', label: 'Deployments', icon: DeploymentsIcon },
  { to: '/templates', label: 'Templates', icon: TemplatesIcon },
  { to: '/teams', label: 'Teams', icon: TeamsIcon },
  { to: '/secrets', label: 'Secrets', icon: SecretsIcon },
  { to: '/billing', label: 'Billing', icon: BillingIcon },
  { to: '/settings', label: 'Settings', icon: SettingsIcon },
];

/** Shown to platform admins and client admins (the API refuses everyone else anyway). */
export const adminNavItems: readonly NavItem[] = [
  { to: '/admin/clients', label: 'Admin: clients', icon: CodeIcon },
  { to: '/admin/orgs', label: 'Admin: organizations', icon: TeamsIcon },
];
