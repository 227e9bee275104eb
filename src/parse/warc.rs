//! placeholder
pub(crate) fn read(
    _rel_path: &str,
    _input: &mut dyn std::io::BufRead,
    _emit: &mut dyn FnMut(super::Event),
) -> Result<(), super::SkipReason> {
    Ok(())
}
