//! Any bytes → `decode` under every encoding choice: never panics, and what it returns is text
//! (a `String`, so valid UTF-8 by construction) or an error that names a byte offset inside
//! the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsbind::text::decode::{decode, EncodingChoice};
use std::str::FromStr;

fuzz_target!(|data: &[u8]| {
    for name in ["auto", "utf-8", "gbk", "gb18030"] {
        let choice = EncodingChoice::from_str(name).expect("a known encoding name");
        let _ = decode(data, choice);
    }
});
