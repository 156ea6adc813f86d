//! The server's frame decoder on arbitrary bytes: `read_line` splits the
//! stream into bounded lines and `decode_request` turns each into a request or
//! an error, as `jury serve` does for every client. Nothing may panic, and a
//! request that decodes must encode and decode back to itself.

#![no_main]

use std::io::BufReader;

use jury::protocol::{self, LineError};
use libfuzzer_sys::fuzz_target;

/// Small, so the fuzzer reaches the too-large path too.
const MAX: usize = 4096;

fuzz_target!(|data: &[u8]| {
    // A small, varying buffer makes lines arrive in pieces, as from a socket.
    let capacity = 1 + data.first().map_or(0, |&b| usize::from(b % 16));
    let mut reader = BufReader::with_capacity(capacity, data);
    let mut consumed = 0;
    loop {
        match protocol::read_line(&mut reader, MAX) {
            Ok(Some(line)) => {
                assert!(line.len() <= MAX);
                assert!(!line.contains(&b'\n'));
                assert_eq!(&data[consumed..consumed + line.len()], &line[..]);
                consumed += line.len() + 1;
                assert_eq!(data.get(consumed - 1), Some(&b'\n'));
                if let Ok(request) = protocol::decode_request(&line) {
                    let text = protocol::encode(&request);
                    let back =
                        protocol::decode_request(text.trim_end().as_bytes()).unwrap_or_else(|e| {
                            panic!("an encoded request does not decode: {e}\n{text}")
                        });
                    assert_eq!(back, request);
                }
            }
            Ok(None) => {
                assert_eq!(consumed, data.len());
                break;
            }
            Err(LineError::TooLarge | LineError::Truncated) => break,
            Err(LineError::Io(e)) => panic!("reading from memory failed: {e}"),
        }
    }
});
