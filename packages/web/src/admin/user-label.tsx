/**
 * A user as the logs name them: their name and email as the server read
 * them with the entry, else the id (a user not found, such as one deleted
 * from the database by hand); nothing without a user.
 */
export function UserLabel({
  id,
  name,
  email,
}: {
  readonly id: string | null;
  readonly name: string | null;
  readonly email: string | null;
}) {
  if (id === null) return null;
  if (name === null) return <bdi>{id}</bdi>;
  return (
    <>
      <bdi>{name}</bdi>
      {email ? (
        <>
          {' '}
          <span className="muted">
            <bdi>{email}</bdi>
          </span>
        </>
      ) : null}
    </>
  );
}
