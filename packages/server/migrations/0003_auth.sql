-- Secrets live apart from the synced users table, so no pull can carry them.
CREATE TABLE credentials (
  user_id text PRIMARY KEY REFERENCES users (id),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_idx ON users (lower(email)) WHERE NOT _deleted;

-- Tokens are random; only their SHA-256 is stored.
CREATE TABLE auth_tokens (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX auth_tokens_user_idx ON auth_tokens (user_id);
