import { NavLink } from 'react-router';
import { administersClients } from '../../features/admin/admin.api';
import { useSignedInUser } from '../../features/session/meContext';
import { adminNavItems, navItems } from './navigation';

export function NavList({ onNavigate }: { onNavigate?: () => void }) {
  const me = useSignedInUser();
  const items = administersClients(me) ? [...navItems, ...adminNavItems] : navItems;
  return (
    <ul className="space-y-0.5">
      {items.map(({ to, label, icon: Icon, end }) => (
        <li key={to}>
          <NavLink
            to={to}
            end={end ?? false}
            onClick={onNavigate}
            className={({ isActive }) =>
              `flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition-colors ${
                isActive ? 'bg-brand/10 text-brand' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900'
              }`
            }
          >
            <Icon className="size-5 shrink-0" />
            {label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}
