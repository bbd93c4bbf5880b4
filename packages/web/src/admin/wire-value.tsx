/** A wire value as an administrator reads it: text as is, anything else as JSON, kept left to right. */
export function WireValue({ value }: { readonly value: unknown }) {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <code dir="ltr" className="wire-value">
      {text}
    </code>
  );
}
