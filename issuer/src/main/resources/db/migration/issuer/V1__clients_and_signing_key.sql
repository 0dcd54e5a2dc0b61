-- Spring Authorization Server's client table (JdbcRegisteredClientRepository), as its
-- oauth2-registered-client-schema.sql defines it (timestamptz, as it advises for PostgreSQL): secrets
-- are stored as {bcrypt} hashes only.
create table oauth2_registered_client (
    id varchar(100) not null primary key,
    client_id varchar(100) not null unique,
    client_id_issued_at timestamptz default current_timestamp not null,
    client_secret varchar(200) default null,
    client_secret_expires_at timestamptz default null,
    client_name varchar(200) not null,
    client_authentication_methods varchar(1000) not null,
    authorization_grant_types varchar(1000) not null,
    redirect_uris varchar(1000) default null,
    post_logout_redirect_uris varchar(1000) default null,
    scopes varchar(1000) not null,
    client_settings varchar(2000) not null,
    token_settings varchar(2000) not null
);

-- The issuer's signing keys (JWK JSON), so tokens stay valid across restarts and every instance
-- signs with the same key: the oldest signs, all are published in the JWKS.
create table signing_key (
    kid text primary key,
    jwk text not null,
    created_at timestamptz not null default now()
);
