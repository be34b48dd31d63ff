//! The plugin-host protocol's framing (docs/plugin-abi.md, "Process isolation").
//!
//! A frame is `'W'`, one kind byte, the payload length as u32 little-endian, then the payload.
//! The leading `'W'` makes stray output on the channel (a plugin printing to stdout despite
//! the redirect, a wrong host command printing its help) fail fast as a protocol error instead
//! of being read as a length.

use std::io::{self, Read, Write};

pub const SYNC: u8 = b'W';
pub const HEADER_LEN: usize = 6;

/// Host to plugin host: load a library. The payload is JSON, `{"path", "sha256", "pinned",
/// "plugin"}`: the plugin host reads the file once, refuses it unless its SHA-256 is `sha256`
/// ([`STATUS_REFUSED`]), and loads the bytes it hashed.
pub const LOAD: u8 = b'L';
/// Host to plugin host: call describe; empty payload.
pub const DESCRIBE: u8 = b'D';
/// Host to plugin host: call analyze with the payload (request JSON).
pub const ANALYZE: u8 = b'A';
/// Plugin host to host: `REPLY | status`; the payload is the plugin's bytes (JSON on
/// `STATUS_OK`, a UTF-8 message otherwise).
pub const REPLY: u8 = 0x80;
/// Reply status for a LOAD that failed (the message says why).
pub const STATUS_LOAD_FAILED: u8 = 0x10;
/// Reply status for a frame the plugin host did not expect.
pub const STATUS_PROTOCOL: u8 = 0x11;
/// Reply status for a LOAD refused because the file's sha256 is not the expected one.
pub const STATUS_REFUSED: u8 = 0x12;

/// The payload of a [`LOAD`] frame.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoadRequest {
    /// The library file (lossy UTF-8).
    pub path: String,
    #[serde(flatten)]
    pub expected: crate::resolve::Expected,
}

/// Largest request frame a plugin host accepts: organisations are big, memory is not endless.
pub const MAX_REQUEST_BYTES: usize = 1 << 30;

#[derive(Debug)]
pub enum FrameError {
    Io(io::Error),
    /// The stream ended in the middle of a frame.
    Truncated,
    /// The first byte was not [`SYNC`]: the other side wrote something that is not a frame.
    NotAFrame(Vec<u8>),
    TooLarge {
        len: usize,
        max: usize,
    },
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::Io(e) => write!(f, "{e}"),
            FrameError::Truncated => write!(f, "the stream ended inside a frame"),
            FrameError::NotAFrame(start) => {
                write!(
                    f,
                    "received bytes that are not a protocol frame: {:?}",
                    String::from_utf8_lossy(start)
                )
            }
            FrameError::TooLarge { len, max } => {
                write!(f, "a frame of {len} bytes exceeds the limit of {max} bytes")
            }
        }
    }
}

pub fn write_frame(w: &mut impl Write, kind: u8, payload: &[u8]) -> io::Result<()> {
    let len = u32::try_from(payload.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "frame payload over 4 GiB"))?;
    let mut header = [0u8; HEADER_LEN];
    header[0] = SYNC;
    header[1] = kind;
    header[2..].copy_from_slice(&len.to_le_bytes());
    w.write_all(&header)?;
    w.write_all(payload)?;
    w.flush()
}

/// Reads one frame; `Ok(None)` when the stream ends cleanly between frames.
pub fn read_frame(r: &mut impl Read, max: usize) -> Result<Option<(u8, Vec<u8>)>, FrameError> {
    let mut header = [0u8; HEADER_LEN];
    let mut got = 0;
    while got < HEADER_LEN {
        match r.read(&mut header[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(FrameError::Truncated),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FrameError::Io(e)),
        }
        if header[0] != SYNC {
            return Err(FrameError::NotAFrame(header[..got].to_vec()));
        }
    }
    let len = u32::from_le_bytes([header[2], header[3], header[4], header[5]]) as usize;
    if len > max {
        return Err(FrameError::TooLarge { len, max });
    }
    let mut payload = vec![0u8; len];
    r.read_exact(&mut payload).map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => FrameError::Truncated,
        _ => FrameError::Io(e),
    })?;
    Ok(Some((header[1], payload)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_garbage_is_recognised() {
        let mut buf = Vec::new();
        write_frame(&mut buf, ANALYZE, b"{}").unwrap();
        write_frame(&mut buf, DESCRIBE, b"").unwrap();
        let mut r = &buf[..];
        assert_eq!(
            read_frame(&mut r, 10).unwrap(),
            Some((ANALYZE, b"{}".to_vec()))
        );
        assert_eq!(read_frame(&mut r, 10).unwrap(), Some((DESCRIBE, vec![])));
        assert_eq!(read_frame(&mut r, 10).unwrap(), None);

        assert!(matches!(
            read_frame(&mut &b"hello"[..], 10),
            Err(FrameError::NotAFrame(_))
        ));
        assert!(matches!(
            read_frame(&mut &buf[..3], 10),
            Err(FrameError::Truncated)
        ));
        assert!(matches!(
            read_frame(&mut &buf[..7], 10),
            Err(FrameError::Truncated)
        ));
        assert!(matches!(
            read_frame(&mut &buf[..], 1),
            Err(FrameError::TooLarge { len: 2, max: 1 })
        ));
    }
}
