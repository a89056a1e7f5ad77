#!/usr/bin/env bash
# Fuzzes every parser a stranger's file reaches (smp_studio::parsers): OBJ
# with its material library, glTF/GLB, PLY, STL, plan TOML, landmarks TOML, view
# script. libFuzzer through cargo-fuzz on the nightly toolchain; each input
# must be read or refused within 1 s and 2 GiB (an allocation cap in the
# targets, libFuzzer's RSS limit); a crash leaves its input in
# fuzz/artifacts/TARGET/ — copy it to tests/corpus/fuzz/TARGET/ once fixed,
# where tests/fuzz_corpus.rs replays it on every run.
#
#   scripts/fuzz.sh [RUNS] [TARGET...]     # default: 1000000 runs, every target
#   (first: cargo install cargo-fuzz; rustup toolchain install nightly)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-1000000}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(obj gltf ply stl plan landmarks script)
fuzz=(cargo +nightly fuzz)
flags=(-O -a -s none)

cargo build --release --bin smp
"${fuzz[@]}" build "${flags[@]}"

# Seeds: small valid files of each kind, our broken-file corpus, and every
# input that once broke a parser.
seeds=fuzz/corpus
smp=target/release/smp
mkdir -p "$seeds"/{obj,gltf,ply,stl,plan,landmarks,script}
# Small seeds (libFuzzer mutates small inputs fastest): a cube with texture
# coordinates, normals, groups and a material; a triangle as glTF with
# indices, normals, UVs and an embedded 1×1 PNG texture.
cat >"$seeds/obj/cube.obj" <<'OBJ'
# cube
mtllib skin.mtl
o head
v -1 -1 -1
v 1 -1 -1
v 1 1 -1
v -1 1 -1
v -1 -1 1
v 1 -1 1
v 1 1 1
v -1 1 1
vt 0 0
vt 1 0
vt 1 1
vt 0 1
vn 0 0 1
g front
usemtl skin
f 5/1/1 6/2/1 7/3/1 8/4/1
f 1/1 4/2 3/3 2/4
s 1
f -8 -7 -3
f 2 3 7 6
f 4 8 7 3
f 1 5 8 4
OBJ
printf 'newmtl skin\nKd 0.8 0.6 0.5\nmap_Kd skin.png\n' >"$seeds/obj/material.mtl"
{ cat "$seeds/obj/cube.obj"; printf '\0'; cat "$seeds/obj/material.mtl"; } >"$seeds/obj/cube-with-mtl"
png=iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==
buf=AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAAAAAAAAAAAAAAAIA/AAAAAAAAAAAAAIA/AAAAAAAAAAAAAIA/AAAAAAAAAAAAAIA/AAAAAAAAAAAAAIA/AAABAAIAAAA=
cat >"$seeds/gltf/triangle.gltf" <<GLTF
{"asset":{"version":"2.0"},"scene":0,"scenes":[{"nodes":[0]}],"nodes":[{"mesh":0,"translation":[0,0,1]}],
"meshes":[{"primitives":[{"attributes":{"POSITION":0,"NORMAL":1,"TEXCOORD_0":2},"indices":3,"material":0}]}],
"materials":[{"pbrMetallicRoughness":{"baseColorTexture":{"index":0}}}],"textures":[{"source":0}],
"images":[{"uri":"data:image/png;base64,$png"}],
"buffers":[{"byteLength":104,"uri":"data:application/octet-stream;base64,$buf"}],
"bufferViews":[{"buffer":0,"byteOffset":0,"byteLength":36},{"buffer":0,"byteOffset":36,"byteLength":36},
{"buffer":0,"byteOffset":72,"byteLength":24},{"buffer":0,"byteOffset":96,"byteLength":6}],
"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]},
{"bufferView":1,"componentType":5126,"count":3,"type":"VEC3"},{"bufferView":2,"componentType":5126,"count":3,"type":"VEC2"},
{"bufferView":3,"componentType":5123,"count":3,"type":"SCALAR"}]}
GLTF
# A coloured quad as ascii PLY and a binary one with normals, a triangle
# as ascii STL and a binary tetrahedron.
printf 'ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\nproperty uchar red\nproperty uchar green\nproperty uchar blue\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0 255 0 0\n1 0 0 0 255 0\n1 1 0 0 0 255\n0 1 0 9 9 9\n4 0 1 2 3\n' >"$seeds/ply/quad.ply"
python3 - "$seeds" <<'PY'
import struct, sys
seeds = sys.argv[1]
head = b"ply\nformat binary_little_endian 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nproperty float nx\nproperty float ny\nproperty float nz\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n"
body = b"".join(struct.pack("<6f", *p, 0, 0, 1) for p in [(0, 0, 0), (1, 0, 0), (0, 1, 0)]) + struct.pack("<B3i", 3, 0, 1, 2)
open(f"{seeds}/ply/triangle-binary.ply", "wb").write(head + body)
tet = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)]
faces = [(0, 2, 1), (0, 1, 3), (0, 3, 2), (1, 2, 3)]
stl = b"solid binary".ljust(80) + struct.pack("<I", 4)
for f in faces:
    stl += struct.pack("<3f", 0, 0, 0) + b"".join(struct.pack("<3f", *tet[i]) for i in f) + b"\0\0"
open(f"{seeds}/stl/tetrahedron.stl", "wb").write(stl)
PY
printf 'solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid t\n' >"$seeds/stl/triangle.stl"
cp tests/corpus/*.obj "$seeds/obj/" 2>/dev/null || true
cp tests/corpus/*.gltf tests/corpus/*.glb "$seeds/gltf/" 2>/dev/null || true
for preset in $("$smp" presets | awk 'NF { print $1 }' | grep -E '^[a-z0-9-]+$'); do
  "$smp" plan new --preset "$preset" -o "$seeds/plan/$preset.toml" >/dev/null 2>&1 || true
done
printf 'brow = [0.0, 38.0, 92.0]\near_top_left = [-75.0, 0.0, 0.0]\near_top_right = [75.0, 0.0, 0.0]\nnape = [0.0, -60.0, -80.0]\n' \
  >"$seeds/landmarks/landmarks.toml"
sed -n '/^```text$/,/^```$/p' README.md | sed '1d;$d' >"$seeds/script/readme.txt"
for t in obj gltf ply stl plan landmarks script; do
  [ -d "tests/corpus/fuzz/$t" ] && cp tests/corpus/fuzz/$t/* "$seeds/$t/" 2>/dev/null || true
done

summary=()
for t in "${targets[@]}"; do
  mkdir -p "fuzz/artifacts/$t"
  log=$(mktemp)
  start=$(date +%s)
  set +e
  "${fuzz[@]}" run "${flags[@]}" "$t" "$seeds/$t" -- \
    -runs="$runs" -timeout=1 -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="fuzz/artifacts/$t/" >"$log" 2>&1
  status=$?
  set -e
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|caught panic|^==|SUMMARY|Test unit written' "$log" || true
  seconds=$(( $(date +%s) - start ))
  execs=$(awk '/stat::number_of_executed_units/ { print $NF }' "$log" | tail -1)
  line="$t: ${execs:-?} executions in ${seconds} s, exit $status"
  [ "$status" -eq 0 ] || line="$line — CRASH, see fuzz/artifacts/$t/"
  summary+=("$line")
  rm -f "$log"
done
printf '%s\n' "${summary[@]}"
