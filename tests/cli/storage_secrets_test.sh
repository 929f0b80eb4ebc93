#!/usr/bin/env bash
# A storage URL's password never shows (docs/security.md): every command that takes a
# storage URL, with each URL shape of tests/storage/url_shapes.hpp (password Sekr1t, on a
# port where nothing listens, or unparsable), prints no part of it on stdout or stderr.
# With ECOPT_TEST_POSTGRES_URL, a real study is also created, tuned, reported and
# submitted (dry run) through password-carrying URLs, and the password is looked for in
# the output, the files written, the generated script, the trials' environment and the
# database itself.
# Usage: storage_secrets_test.sh ECOPT SOURCE_DIR
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"
shopt -u patsub_replacement 2>/dev/null || true  # a & in a URL stays a &

shapes=$(sed -n 's/^ *"\(.*\)",$/\1/p' "$source_dir/tests/storage/url_shapes.hpp")
[ "$(echo "$shapes" | wc -l)" -ge 20 ] || fail "fewer than 20 URL shapes read"
cat > s.yaml <<'YAML'
name: s
command: [/bin/true]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: y, goal: minimize}]
YAML

# Each command with the storage in the place it takes it.
commands=(
  'study create s.yaml --storage URL'
  'study list --storage URL'
  'study show s --storage URL'
  'study show s --format json --storage URL'
  'study delete s --storage URL'
  'study recover s --stale-after 1s --storage URL'
  'trials --study s --storage URL'
  'pareto --study s --storage URL'
  'ask --study s --storage URL'
  'tell --study s --trial 0 --values 1 --storage URL'
  'enqueue --study s --params {"x":0.5} --storage URL'
  'tune s.yaml --trials 1 --meter estimator --storage URL'
  'worker --study s --trials 1 --meter estimator --storage URL'
  'report --study s --storage URL'
  'card --study s --trial 0 --storage URL'
  'compare --storage-a URL --storage-b URL'
  'export --study s --storage URL'
  'slurm submit s.yaml --storage URL --dry-run'
  'slurm status --study s --storage URL'
  'storage copy --from URL --to sqlite:///copy.db'
  'storage copy --from sqlite:///copy.db --to URL'
)
checked=0
while IFS= read -r url; do
  for command in "${commands[@]}"; do
    read -r -a words <<< "$command"
    args=()
    for w in "${words[@]}"; do args+=("${w//URL/$url}"); done
    "$ecopt" "${args[@]}" > out.txt 2>&1 < /dev/null || true
    if grep -q -e 'kr1t' -e 'kr%31' out.txt; then
      fail "ecopt $command with $url printed the password: $(cat out.txt)"
    fi
    checked=$((checked + 1))
  done
done <<< "$shapes"
for url in $shapes; do
  ECOPT_STORAGE=$url "$ecopt" trials --study s > out.txt 2>&1 || true
  grep -q -e 'kr1t' -e 'kr%31' out.txt && fail "ECOPT_STORAGE=$url printed the password: $(cat out.txt)"
done
echo "checked $checked command and URL pairs"

need_postgres "the end-to-end part needs a PostgreSQL server: "

# End to end against the server, whose password for the role in the URL is its user
# name: a URL showing it shows ":USER@", "password=USER" or its escaped form.
# The server's URL holds the password: keep it out of the environment ecopt and the
# trials see, so only ecopt could leak it.
server=$ECOPT_TEST_POSTGRES_URL
postgres_database ecopt_secrets
unset ECOPT_TEST_POSTGRES_URL
read -r user password hostport < <(python3 -c "
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1])
print(p.username, p.password, p.netloc.rsplit('@', 1)[1])" "$server")
escaped=$(python3 -c "import sys; print(''.join('%%%02X' % ord(c) for c in sys.argv[1]))" "$password")
needles=(-e ":$password@" -e "password=$password" -e "$escaped")
n=0
for url in "postgresql://$user:$password@$hostport/$database" \
           "postgresql://$user:$escaped@$hostport/$database?sslmode=disable" \
           "postgresql://$user@$hostport/$database?password=$password"; do
  n=$((n + 1))
  mkdir -p "envs$n"
  cat > "e$n.yaml" <<YAML
name: e$n
storage: $url
command: [python3, -c, "import os, json; json.dump(dict(os.environ), open('$work/envs$n/%d.json' % os.getpid(), 'w')); print('ecopt: {{\"metric\": {{\"y\": 1}}}}')"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: y, goal: minimize}]
YAML
  {
    "$ecopt" study create "e$n.yaml"
    "$ecopt" tune "e$n.yaml" --trials 2 --meter estimator
    ECOPT_STORAGE=$url "$ecopt" worker --study "e$n" --trials 3 --meter estimator
    "$ecopt" study show "e$n" --storage "$url" --format json
    "$ecopt" study list --storage "$url" --format json
    "$ecopt" trials --study "e$n" --storage "$url" --format table
    "$ecopt" report --study "e$n" --storage "$url" -o "report$n"
    "$ecopt" card --study "e$n" --trial 0 --storage "$url" -o "report$n"
    "$ecopt" export --study "e$n" --storage "$url" --format json
    "$ecopt" slurm submit "e$n.yaml" --workers 2 --dry-run > "e$n.sbatch"
  } > "out$n.txt" 2>&1 || fail "the commands failed with $url: $(cat "out$n.txt")"
  [ "$(ls "envs$n" | wc -l)" -eq 3 ] || fail "expected 3 trial environments: $(ls "envs$n")"
  grep -q '"ECOPT_STORAGE"' "envs$n"/*.json && fail "a trial inherited ECOPT_STORAGE"
  grep -q "exec .* worker --study 'e$n'$" "e$n.sbatch" || fail "worker line: $(cat "e$n.sbatch")"
  grep -q -- "--storage" "e$n.sbatch" && fail "the script passes --storage: $(cat "e$n.sbatch")"
done
pg_dump --data-only "${server%/*}/$database" > db.txt || fail "cannot dump the database"
grep -q "e3" db.txt || fail "the database dump holds no study: $(cat db.txt)"
# The study files hold the password, as the user wrote it; nothing else may.
grep -r -l --exclude='e?.yaml' "${needles[@]}" . && fail "the password is in the files above"
echo "no password in $(find . -type f | wc -l) files, the database included"
