"""VietQR (EMVCo / NAPAS 247) payloads for bank transfers, over `vietnam-qr-pay`, drawn with segno.

The only module that knows the library: build a payload, read one back, draw it as SVG.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from vietnam_qr_pay import BanksObject, QRPay

CURRENCY_VND = "704"


@dataclass(frozen=True)
class Transfer:
    """Everything a buyer needs to pay by transfer, as QR payload and as copyable text."""

    bank_bin: str
    bank_name: str
    account: str
    account_name: str
    amount: int
    memo: str
    payload: str

    def svg(self) -> str:
        return qr_svg(self.payload)


def bank_name(bank_bin: str) -> str:
    """The short name of the bank with this BIN (e.g. 970436 → Vietcombank), else the BIN."""
    for bank in BanksObject.values():
        if bank.bin == bank_bin:
            return bank.short_name
    return bank_bin


def build_payload(bank_bin: str, account: str, amount: int, memo: str) -> str:
    """A dynamic VietQR payload: BIN, account, amount in đồng, currency 704, memo; CRC appended."""
    if amount <= 0:
        raise ValueError("amount must be positive")
    qr = QRPay.init_viet_qr(bank_bin=bank_bin, bank_number=account, amount=str(int(amount)), purpose=memo)
    return qr.build()


def parse_payload(payload: str) -> dict | None:
    """Read a payload back: None when the CRC or the structure is wrong."""
    qr = QRPay(payload)
    if not qr.is_valid:
        return None
    return {
        "bank_bin": qr.consumer.bank_bin, "account": qr.consumer.bank_number,
        "amount": int(qr.amount) if qr.amount else None, "currency": qr.currency,
        "memo": qr.additional_data.purpose, "crc": qr.crc,
    }


def qr_svg(payload: str, scale: int = 4) -> str:
    """The QR code as an inline SVG element (presentation attributes only)."""
    buffer = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(
        buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, nl=False, omitsize=True,
        title="VietQR", dark="#1d2849", light="#ffffff",
    )
    return buffer.getvalue().decode("utf-8")


def transfer_for(order, config) -> Transfer:
    """The transfer details for an order: its total, its number as the memo."""
    bank_bin, account = config["BANK_BIN"], config["BANK_ACCOUNT"]
    return Transfer(bank_bin=bank_bin, bank_name=bank_name(bank_bin), account=account,
                    account_name=config["BANK_ACCOUNT_NAME"], amount=order.total, memo=order.number,
                    payload=build_payload(bank_bin, account, order.total, order.number))
