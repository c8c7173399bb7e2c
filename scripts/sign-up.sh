# Sourced by scripts that drive a running Terril (fuzz.sh, bench/idempotency.sh):
#   sign_up <base URL> <outbox folder> <name>
# registers an organisation and its owner <name>@example.org, verifies the address from
# the email written to the outbox folder (the server runs without SMTP), signs in, and
# prints the access token.
sign_up() {
    local base=$1 outbox=$2 name=$3
    local email="$name@example.org" password="a long $name passphrase" token
    curl -fsS -o /dev/null -X POST "$base/api/v1/auth/register" -H 'Content-Type: application/json' -d '{
      "organisation": {"name": "'"$name"'", "kind": "holder_and_taker", "language": "en",
        "address": {"street": "1 rue du Test", "postal_code": "62750", "city": "Loos-en-Gohelle"}},
      "user": {"name": "'"$name"'", "email": "'"$email"'", "password": "'"$password"'"}}'
    until ls "$outbox"/*.eml > /dev/null 2>&1; do sleep 0.2; done
    token=$(awk '{ sub(/\r$/, ""); if (sub(/=$/, "")) printf "%s", $0; else print }' "$outbox"/*.eml \
        | sed 's/=3D/=/g' | grep -o 'token=[A-Za-z0-9_-]*' | head -n 1 | cut -d= -f2)
    curl -fsS -o /dev/null "$base/api/v1/auth/verify-email?token=$token"
    curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
        -d '{"email": "'"$email"'", "password": "'"$password"'"}' \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
