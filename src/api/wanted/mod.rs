//! Wanted requests: what takers need, where and when. The input and its checks are
//! `posts::wanted`, the operations `posts::Posts`, the JSON shapes `views::posts`.
pub mod actions;
pub mod search;
