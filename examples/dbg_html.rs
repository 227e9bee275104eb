fn main() {
    let p = std::env::args().nth(1).unwrap();
    let b = std::fs::read(&p).unwrap();
    let r = atlas_search::parse::parse(&p, &b);
    println!("{:#?}", r);
}
