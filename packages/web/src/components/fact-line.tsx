import { Fragment } from 'react';

/**
 * Short facts on one line, "1984-02-29 · female · Clinic B", each isolated
 * (`<bdi>`) so a phone number, a date as typed or a Latin name keeps its
 * order inside right-to-left text. Empty facts are left out.
 */
export function FactLine({
  facts,
  className = 'muted',
}: {
  readonly facts: readonly (string | null | undefined)[];
  readonly className?: string;
}) {
  const shown = facts.filter((fact): fact is string => Boolean(fact));
  return (
    <span className={className}>
      {shown.map((fact, index) => (
        <Fragment key={index}>
          {index > 0 ? ' · ' : null}
          <bdi>{fact}</bdi>
        </Fragment>
      ))}
    </span>
  );
}
