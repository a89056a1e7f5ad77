//! Files made to hurt: counts a file declares but does not hold, indices
//! past any mesh, buffers and images that claim gigabytes, a 10 GB file, a
//! folder or a pipe where a file should be. Each is refused (or, for a
//! texture, set aside with a warning) by the real command, naming the file
//! and the limit, in a child process held to 1 GiB of address space: a
//! loader that believed the file would fail to allocate, not pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// Address space a refusal may use (the binary and its libraries included).
const ADDRESS_SPACE_KIB: u64 = 1 << 20;

struct Run {
    ok: bool,
    stderr: String,
}

/// `smp ARGS` under `ulimit -v`; a run that has not ended after two
/// minutes is stopped and fails the test (a pipe read that blocks).
fn smp(args: &[&str]) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_smp"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run smp");
    for _ in 0..1200 {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return Run { ok: status.success(), stderr };
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("smp {args:?} had not ended after two minutes (a read that blocks?)");
}

/// Refused: the command fails, names the file, says each of `words`, and
/// did not run out of memory or panic.
fn assert_refused(run: &Run, file: &Path, words: &[&str]) {
    let name = file.file_name().unwrap().to_string_lossy();
    assert!(!run.ok, "{} was accepted: {}", file.display(), run.stderr);
    assert!(!run.stderr.contains("panicked") && !run.stderr.contains("memory allocation"), "{}", run.stderr);
    assert!(run.stderr.contains(&*name), "the error does not name {name}: {}", run.stderr);
    for w in words {
        assert!(run.stderr.contains(w), "the error does not say `{w}`: {}", run.stderr);
    }
}

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("smp-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The import's warnings, from a thread, so that a read that blocks fails
/// the test after two minutes instead of hanging it.
fn import_warnings(file: &Path) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    let path = file.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(smp_studio::mesh::import::load(&path).map(|m| m.warnings.join("\n")));
    });
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(Ok(warnings)) => warnings,
        Ok(Err(e)) => panic!("{} was refused: {e}", file.display()),
        Err(_) => panic!("importing {} had not ended after two minutes (a read that blocks?)", file.display()),
    }
}

fn inspect(file: &Path) -> Run {
    smp(&["head", "inspect", file.to_str().unwrap()])
}

/// A glTF with one buffer (base64) and the given accessors and primitive.
fn gltf(buffer: &[u8], accessors: &str, primitive: &str) -> String {
    let data = base64(buffer);
    format!(
        r#"{{"asset":{{"version":"2.0"}},"buffers":[{{"byteLength":{},"uri":"data:application/octet-stream;base64,{data}"}}],
        "bufferViews":[{{"buffer":0,"byteOffset":0,"byteLength":36}},{{"buffer":0,"byteOffset":36,"byteLength":{}}}],
        "accessors":[{accessors}],"meshes":[{{"primitives":[{primitive}]}}],"nodes":[{{"mesh":0}}],"scenes":[{{"nodes":[0]}}],"scene":0}}"#,
        buffer.len(),
        buffer.len() - 36
    )
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            out.push(if k <= c.len() { A[(n >> (18 - 6 * k)) as usize & 63] as char } else { '=' });
        }
    }
    out
}

/// Three vertices (36 bytes) and three u32 indices.
fn triangle_buffer(indices: [u32; 3]) -> Vec<u8> {
    let mut b: Vec<u8> = [0f32, 0., 0., 100., 0., 0., 0., 100., 0.].iter().flat_map(|v| v.to_le_bytes()).collect();
    b.extend(indices.iter().flat_map(|i| i.to_le_bytes()));
    b
}

const POSITIONS: &str =
    r#"{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[100,100,0]}"#;

#[test]
fn counts_and_indices_a_file_declares_but_does_not_hold_are_refused() {
    let dir = dir("counts");
    // 100 M triangles declared over a 12-byte index view.
    let file = dir.join("declares-100m-triangles.gltf");
    let indices = r#"{"bufferView":1,"componentType":5125,"count":300000000,"type":"SCALAR"}"#;
    let text = gltf(
        &triangle_buffer([0, 1, 2]),
        &format!("{POSITIONS},{indices}"),
        r#"{"attributes":{"POSITION":0},"indices":1}"#,
    );
    std::fs::write(&file, text).unwrap();
    assert_refused(&inspect(&file), &file, &["300000000", "20000000 triangles"]);

    // 100 M vertices out of nothing: a sparse accessor with no data of its own.
    let file = dir.join("sparse-100m-vertices.gltf");
    let sparse = r#"{"componentType":5126,"count":100000000,"type":"VEC3","min":[0,0,0],"max":[1,1,1],
        "sparse":{"count":1,"indices":{"bufferView":1,"componentType":5125},"values":{"bufferView":0}}}"#;
    let text = gltf(&triangle_buffer([0, 1, 2]), sparse, r#"{"attributes":{"POSITION":0}}"#);
    std::fs::write(&file, text).unwrap();
    assert_refused(&inspect(&file), &file, &["100000000 vertices"]);

    // An index of 2^31, in glTF and in OBJ.
    let file = dir.join("index-2-31.gltf");
    let indices = r#"{"bufferView":1,"componentType":5125,"count":3,"type":"SCALAR"}"#;
    let text = gltf(
        &triangle_buffer([0, 1, 1 << 31]),
        &format!("{POSITIONS},{indices}"),
        r#"{"attributes":{"POSITION":0},"indices":1}"#,
    );
    std::fs::write(&file, text).unwrap();
    assert_refused(&inspect(&file), &file, &["vertex 2147483649 of 3"]);
    let file = dir.join("index-2-31.obj");
    std::fs::write(&file, "v 0 0 0\nv 100 0 0\nv 0 100 0\nf 1 2 2147483648\n").unwrap();
    assert_refused(&inspect(&file), &file, &["index out of bounds"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn buffers_and_files_that_claim_gigabytes_are_refused_before_they_are_read() {
    let dir = dir("gigabytes");
    // A buffer claiming 4 GiB, beside a file holding 48 bytes.
    std::fs::write(dir.join("big.bin"), triangle_buffer([0, 1, 2])).unwrap();
    let file = dir.join("buffer-4gib.gltf");
    let text = gltf(&triangle_buffer([0, 1, 2]), POSITIONS, r#"{"attributes":{"POSITION":0}}"#).replace(
        r#""byteLength":48,"uri":"data:application/octet-stream;base64,"#,
        r#""byteLength":4294967296,"uri":"big.bin","x":""#,
    );
    std::fs::write(&file, text).unwrap();
    assert_refused(&inspect(&file), &file, &["buffer 0 claims 4 GiB", "2 GiB"]);

    // A GLB whose header claims 4 GiB.
    let file = dir.join("header-4gib.glb");
    let mut glb = b"glTF".to_vec();
    glb.extend(2u32.to_le_bytes());
    glb.extend(u32::MAX.to_le_bytes());
    glb.extend(b"{\"asset\":{\"version\":\"2.0\"}}");
    std::fs::write(&file, glb).unwrap();
    assert_refused(&inspect(&file), &file, &["not a valid glTF file"]);

    // 10 GB (sparse on disk: the size is what is refused, before any byte is read).
    for name in ["ten-gb-of-spaces.obj", "ten-gb-of-spaces.glb"] {
        let file = dir.join(name);
        std::fs::File::create(&file).unwrap().set_len(10_000_000_000).unwrap();
        assert_refused(&inspect(&file), &file, &["9.3 GiB, more than the 2 GiB"]);
    }
    let file = dir.join("ten-gb.toml");
    std::fs::File::create(&file).unwrap().set_len(10_000_000_000).unwrap();
    assert_refused(&smp(&["plan", "check", file.to_str().unwrap()]), &file, &["more than the 16 MiB"]);

    // 64 MiB of spaces with no line end: one line longer than any OBJ has.
    let file = dir.join("spaces.obj");
    std::fs::write(&file, vec![b' '; 64 << 20]).unwrap();
    assert_refused(&inspect(&file), &file, &["line 1 is longer than 1 MiB"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A PNG header (signature, IHDR, IEND) declaring `width` × `height`.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for chunk in [ihdr, b"IEND".to_vec()] {
        png.extend((chunk.len() as u32 - 4).to_be_bytes());
        png.extend(&chunk);
        png.extend(crc32(&chunk).to_be_bytes());
    }
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { 0xedb8_8320 ^ (crc >> 1) } else { crc >> 1 };
        }
    }
    !crc
}

/// A real 16×16 baseline JPEG whose frame header (SOF0) is made to declare
/// `width` × `height`: a decoder that believed it would allocate it all.
fn jpeg_declaring(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = Vec::new();
    image::RgbImage::from_pixel(16, 16, image::Rgb([200, 150, 120]))
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    let sof = jpeg.windows(2).position(|w| w == [0xff, 0xc0]).expect("a baseline frame header");
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

#[test]
fn textures_that_would_take_gigabytes_are_set_aside_with_a_warning() {
    let dir = dir("textures");
    let obj = "mtllib skin.mtl\nusemtl skin\nv 0 0 0\nv 100 0 0\nv 0 100 0\nvt 0 0\nvt 1 0\nvt 0 1\nf 1/1 2/2 3/3\n";
    for (texture, bytes) in [
        ("huge.png", png_header(65_536, 65_536)),
        ("bomb.png", png_header(20_000, 20_000)),
        ("bomb.jpg", jpeg_declaring(65_000, 65_000)),
    ] {
        std::fs::write(dir.join(texture), bytes).unwrap();
        std::fs::write(dir.join("skin.mtl"), format!("newmtl skin\nmap_Kd {texture}\n")).unwrap();
        let file = dir.join("textured.obj");
        std::fs::write(&file, obj).unwrap();
        // The import (a triangle is no head to fit): the texture is named
        // with its limit, never decoded (16 GiB would abort this test).
        let warnings = import_warnings(&file);
        assert!(warnings.contains(texture) && warnings.contains("8192×8192"), "{texture}: {warnings}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn folders_and_pipes_where_a_file_should_be_are_refused_without_blocking() {
    let dir = dir("pipes");
    let folder = dir.join("folder.obj");
    std::fs::create_dir_all(&folder).unwrap();
    assert_refused(&inspect(&folder), &folder, &["it is a folder"]);
    let mkfifo = |path: &Path| {
        let made = Command::new("mkfifo").arg(path).status().expect("mkfifo (coreutils) runs");
        assert!(made.success(), "mkfifo {}", path.display());
    };
    // A pipe as the mesh, the plan and the view script.
    for name in ["pipe.obj", "pipe.glb", "pipe.toml"] {
        mkfifo(&dir.join(name));
    }
    let pipe = dir.join("pipe.obj");
    assert_refused(&inspect(&pipe), &pipe, &["not a regular file"]);
    let pipe = dir.join("pipe.glb");
    assert_refused(&inspect(&pipe), &pipe, &["not a regular file"]);
    let pipe = dir.join("pipe.toml");
    assert_refused(&smp(&["plan", "check", pipe.to_str().unwrap()]), &pipe, &["not a regular file"]);
    assert_refused(&smp(&["view", "--script", pipe.to_str().unwrap()]), &pipe, &["not a regular file"]);

    // A pipe as the landmarks beside a real mesh, as its external buffer,
    // its material library and its texture.
    let head = dir.join("head.glb");
    smp_studio::mesh::export::write_glb(&smp_studio::mesh::procedural::mesh_head(6.0), &head).unwrap();
    let landmarks = smp_studio::mesh::landmarks_file::path_for(&head);
    mkfifo(&landmarks);
    assert_refused(&inspect(&head), &landmarks, &["not a regular file"]);
    std::fs::write(
        dir.join("buffer.gltf"),
        gltf(&triangle_buffer([0, 1, 2]), POSITIONS, r#"{"attributes":{"POSITION":0}}"#)
            .replace("data:application/octet-stream;base64,", "pipe.bin\",\"x\":\""),
    )
    .unwrap();
    mkfifo(&dir.join("pipe.bin"));
    assert_refused(&inspect(&dir.join("buffer.gltf")), &dir.join("pipe.bin"), &["not a regular file"]);
    mkfifo(&dir.join("pipe.mtl"));
    mkfifo(&dir.join("pipe.png"));
    let file = dir.join("textured.obj");
    std::fs::write(&file, "mtllib pipe.mtl\nv 0 0 0\nv 100 0 0\nv 0 100 0\nf 1 2 3\n").unwrap();
    let warnings = import_warnings(&file);
    assert!(warnings.contains("pipe.mtl") && warnings.contains("not a regular file"), "{warnings}");
    std::fs::write(dir.join("skin.mtl"), "newmtl skin\nmap_Kd pipe.png\n").unwrap();
    std::fs::write(
        &file,
        "mtllib skin.mtl\nusemtl skin\nv 0 0 0\nv 100 0 0\nv 0 100 0\nvt 0 0\nvt 1 0\nvt 0 1\nf 1/1 2/2 3/3\n",
    )
    .unwrap();
    let warnings = import_warnings(&file);
    assert!(warnings.contains("pipe.png") && warnings.contains("not a regular file"), "{warnings}");
    std::fs::remove_dir_all(&dir).unwrap();
}
