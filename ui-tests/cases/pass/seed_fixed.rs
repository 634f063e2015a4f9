// The seed's files once every object has one owner: they compile.
static SCHEMA: schemaguard::Schema = schemaguard::schema!(
    base = "sql/seed_fixed/schema.sql",
    migrations = "sql/seed_fixed/migrations",
);

fn main() {
    let names: Vec<&str> = SCHEMA.migrations().iter().map(|m| m.name()).collect();
    assert_eq!(
        names,
        ["schema", "add_code_verifier_to_auth_state", "secure_tokens_and_authorization_codes"]
    );
}
