//! Text: bytes → `String` ([`decode`]), the string cleaned for structure ([`normalize`]), and the
//! character and date helpers every later stage shares ([`cjk`]), and which script a text is
//! written in ([`script`]) with the language tag and conventions that follow ([`lang`]).

pub mod cjk;
pub mod decode;
pub mod lang;
pub mod markup;
pub mod normalize;
pub mod script;
mod script_table;
