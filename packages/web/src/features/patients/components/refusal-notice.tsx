const sentences: Readonly<Record<string, string>> = {
  out_of_scope: 'Not saved to the server: this patient is outside your clinics.',
  forbidden:
    "Not saved to the server: you do not have the permission for this change in this patient's clinic.",
};

/**
 * Why the server refused a change of this patient's chart in the last sync,
 * one sentence per reason; the change stays on this device.
 */
export function RefusalNotice({ reasons }: { readonly reasons: readonly string[] }) {
  if (reasons.length === 0) return null;
  return (
    <div role="status" className="warning">
      {reasons.map((reason) => (
        <p key={reason}>{sentences[reason] ?? `Not saved to the server: ${reason}.`}</p>
      ))}
    </div>
  );
}
