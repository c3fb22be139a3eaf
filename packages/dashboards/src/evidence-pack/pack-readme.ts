/** README.txt of every pack: what it is and how to check it, for the inspector (vi, then en). */
export const PACK_README = `GÓI BẰNG CHỨNG KIỂM TRA — CCHC Ledger
=====================================
Gói này gồm: xếp hạng (đã công bố, hoặc hiện tại nếu chưa công bố), giải trình điểm của đơn vị,
mọi sự kiện đứng sau chúng kèm bằng chứng bao hàm (RFC 9162) tới một mốc kiểm chứng có chữ ký
Ed25519, bộ quy tắc chấm điểm, các tệp kiểm chứng, và bản kê (manifest.json) có SHA-256 của từng tệp.

Kiểm tra không cần mạng, không cần máy chủ:
  1. Mở verifier.html bằng Chromium/Chrome/Edge (mở trực tiếp từ ổ đĩa, file://).
  2. Chọn thư mục gói này (hoặc tệp .zip), hoặc kéo thả vào trang.
  3. Dán khóa công khai mà cơ quan thanh tra đã nhận (không bắt buộc, nên làm).
  Mỗi phép kiểm tra hiện ĐẠT hoặc KHÔNG ĐẠT, nêu rõ sự kiện, tệp hoặc chữ ký nào sai.
Hoặc bằng dòng lệnh: cchc evidence-pack verify <thư mục|tệp.zip> [--trusted-key <khóa>]

EVIDENCE PACK FOR AN INSPECTION — CCHC Ledger
It holds the ranking (the published one, or the current one marked as not published), the unit's
score explanation, every event behind them with an inclusion proof (RFC 9162) to one Ed25519-signed
checkpoint, the scoring rulebook, the evidence files, and a manifest with every file's SHA-256.

To check it, offline, with no server:
  1. Open verifier.html in Chromium/Chrome/Edge straight from the disk (file://).
  2. Choose this folder (or the .zip), or drop it on the page.
  3. Paste the public key the inspectorate was given (optional, recommended).
  Each check shows PASS or FAIL and names the event, file or signature that failed.
Or from the command line: cchc evidence-pack verify <folder|file.zip> [--trusted-key <key>]
`;
