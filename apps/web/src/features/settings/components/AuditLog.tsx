import type { Org } from '@k8s-scheduler/contracts';
import { QueryState } from '../../../components/QueryState';
import { buttonClass } from '../../../components/ui/styles';
import { CardSection } from '../../../components/ui/CardSection';
import { TableHead } from '../../../components/ui/TableHead';
import { useAuditLog } from '../useSettings';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** Who did what in an organization, newest first. */
export function AuditLog({ org }: { org: Org }) {
  const log = useAuditLog(org.id);
  return (
    <CardSection id={`audit-${org.id}`} title={`Audit log · ${org.name}`} className="lg:col-span-2">
      <QueryState
        query={log}
        loadingLabel="Loading audit log"
        errorTitle="Could not load the audit log"
        className="p-5"
        isEmpty={(data) => data.pages.every((p) => p.items.length === 0)}
        empty={<p className="px-5 py-4 text-sm text-slate-600">Nothing recorded yet.</p>}
      >
        {(data) => (
          <div className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <TableHead columns={['When', 'Action', 'Target', 'Who']} />
              <tbody className="divide-y divide-slate-100">
                {data.pages
                  .flatMap((p) => p.items)
                  .map((e) => (
                    <tr key={e.id}>
                      <td className="px-5 py-2 whitespace-nowrap text-slate-600">
                        {dateFormat.format(new Date(e.createdAt))}
                      </td>
                      <td className="px-2 py-2 font-mono text-xs text-slate-900">{e.action}</td>
                      <td className="px-2 py-2 text-slate-600">{e.targetType}</td>
                      <td className="px-5 py-2 text-xs text-slate-500">
                        {e.actorEmail ?? (e.actorUserId ? 'Deleted user' : 'System')}
                        {e.actorApiKeyId ? ' (API key)' : ''}
                        {e.ip ? ` · ${e.ip}` : ''}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      {log.hasNextPage ? (
        <div className="border-t border-slate-100 px-5 py-3">
          <button
            type="button"
            className={buttonClass('secondary', 'sm')}
            disabled={log.isFetchingNextPage}
            onClick={() => void log.fetchNextPage()}
          >
            {log.isFetchingNextPage ? 'Loading…' : 'Older entries'}
          </button>
        </div>
      ) : null}
    </CardSection>
  );
}
