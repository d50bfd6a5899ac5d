import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/** What an empty panel tells a new user to do. */
export function EmptyState({
  icon,
  title,
  children,
  action,
  testId,
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty" data-testid={testId}>
      <Icon name={icon} size={34} />
      <div className="empty__title">{title}</div>
      {children ? <div className="empty__text">{children}</div> : null}
      {action}
    </div>
  );
}
