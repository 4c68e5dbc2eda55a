//! Text: bytes → `String` ([`decode`]), the string cleaned for structure ([`normalize`]), and the
//! character and date helpers every later stage shares ([`cjk`]).

pub mod cjk;
pub mod decode;
pub mod markup;
pub mod normalize;
