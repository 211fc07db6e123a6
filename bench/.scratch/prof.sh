#!/bin/bash
# usage: prof.sh LOGMODE(on|off) CONC SECS [extra node flags]
set -e
cd /work/main
MODE=$1; C=$2; S=$3; shift 3
D=/tmp/sbb/pd-$MODE; rm -rf $D /tmp/sbb/prof-$MODE; mkdir -p /tmp/sbb/prof-$MODE
node bench/upstream.mjs --port=18101 > /dev/null 2>&1 & UP=$!
sleep 0.4
TOKEN=$(node bin/tsx-run.mjs bench/.scratch/setup.ts $D 18101)
LOGENV=""; [ "$MODE" = off ] && export SWITCHBOARD_LOG=off
SWITCHBOARD_UI_DIR=/tmp/sbb/ui SWITCHBOARD_KEYRING=master-key-file node --cpu-prof --cpu-prof-dir=/tmp/sbb/prof-$MODE "$@" bin/switchboard.mjs serve --port 18201 --data-dir $D > /tmp/sbb/serve-$MODE.log 2>&1 & SB=$!
unset SWITCHBOARD_LOG
sleep 2.5
node bin/tsx-run.mjs bench/.scratch/load.ts 18201 $TOKEN $C $S $SB
kill $SB; sleep 1.5; kill $UP
ls -S /tmp/sbb/prof-$MODE/*.cpuprofile | head -1
