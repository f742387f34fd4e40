import type { ReactNode } from 'react';
import { cardClass } from './styles';

/**
 * A card named by its heading: a `section` (or an `aside`) labelled by an h2 that sits above the
 * body behind a hairline. `className` adds to the card's own classes (a grid span, `h-fit`).
 */
export function CardSection({
  id,
  title,
  as: Tag = 'section',
  className,
  children,
}: {
  id: string;
  title: ReactNode;
  as?: 'section' | 'aside';
  className?: string;
  children: ReactNode;
}) {
  return (
    <Tag aria-labelledby={id} className={className ? `${cardClass} ${className}` : cardClass}>
      <h2 id={id} className="border-b border-slate-100 px-5 py-3 font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </Tag>
  );
}
