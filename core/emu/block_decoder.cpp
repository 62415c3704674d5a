#include "core/emu/block_decoder.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/common/error.h"

namespace tinysim::emu {

namespace {

// Capstone register id -> Arm core register number (r0..r15), 0xFF otherwise.
uint8_t core_num(unsigned reg) {
  if (reg >= ARM_REG_R0 && reg <= ARM_REG_R12) return uint8_t(reg - ARM_REG_R0);
  if (reg == ARM_REG_SP) return 13;
  if (reg == ARM_REG_LR) return 14;
  if (reg == ARM_REG_PC) return 15;
  return 0xFF;
}

// Single-precision register bits (D<n> = S<2n>, S<2n+1>).
uint64_t fp_bits(unsigned reg) {
  if (reg >= ARM_REG_S0 && reg <= ARM_REG_S31) return 1ull << (reg - ARM_REG_S0);
  if (reg >= ARM_REG_D0 && reg <= ARM_REG_D15) return 3ull << (2 * (reg - ARM_REG_D0));
  if (reg >= ARM_REG_D16 && reg <= ARM_REG_D31) return 0;  // not on FPv4-SP
  return 0;
}

uint32_t fp_units(unsigned reg) {
  if (reg >= ARM_REG_S0 && reg <= ARM_REG_S31) return 1;
  if (reg >= ARM_REG_D0 && reg <= ARM_REG_D31) return 2;
  return 0;
}

bool is_pc_writer_class(InsnClass c) {
  return c == InsnClass::Branch || c == InsnClass::BranchIndirect || c == InsnClass::TableBranch;
}

}  // namespace

uint32_t neighbour_cycles(const TimingTable& t, const NeighbourIn& cur, const NeighbourOut* prev, BlockCounts* counts) {
  uint32_t cost = cur.base;
  if (!prev || !cur.valid) return cost;
  // IT folds onto a preceding 16-bit instruction (no other rule applies to IT).
  if (cur.cls == InsnClass::It && t.it_folding && prev->size == 2) return 0;
  // Load pipelining: a single load (LDR, VLDR) after a single load whose
  // result does not form this address.
  auto single_load = [](InsnClass c) { return c == InsnClass::Load || c == InsnClass::FpLoad; };
  if (t.load_pipelining && cur.pipelined && single_load(cur.cls) && single_load(prev->cls) && !prev->writes_pc &&
      !(cur.addr_regs & prev->written_for_addr))
    cost = cur.pipelined;
  // Address register written by the instruction just before, if its
  // class is a producer in the table (TRM 3.3.2: no forwarding path to
  // address generation; a base write-back is ready in time).
  if (t.produces_address(prev->cls) && (cur.addr_regs & prev->written_for_addr)) {
    cost += t.address_dependency_penalty;
    counts->dependency += t.address_dependency_penalty;
  }
  // FP result consumed by the next instruction.
  if ((prev->cls == InsnClass::FpAlu || prev->cls == InsnClass::FpMac || prev->cls == InsnClass::FpDiv) &&
      (cur.fp_read & prev->fp_written)) {
    cost += t.fp_result_dependency_penalty;
    counts->dependency += t.fp_result_dependency_penalty;
  }
  // A single store right after a single store: the first one's data
  // phase still holds the bus (TRM 3.3.2: nothing is pipelined after a store).
  // Nothing is pipelined after a store with a register offset (TRM 3.3.2):
  // the next instruction waits for its data phase (at most one wait with
  // the store-after-store rule, which is the same wait).
  const uint32_t after_store = cur.cls == InsnClass::Store && prev->cls == InsnClass::Store ? t.store_after_store_penalty : 0;
  const uint32_t store_wait = std::max(after_store, prev->store_register_offset ? t.store_register_offset_penalty : 0u);
  cost += store_wait;
  counts->store_buffer += store_wait;
  return cost;
}

BlockDecoder::BlockDecoder(const TimingTable& table) : table_(table) {
  if (cs_open(CS_ARCH_ARM, cs_mode(CS_MODE_THUMB | CS_MODE_MCLASS), &cs_) != CS_ERR_OK)
    throw Error("capstone: cannot open an ARM Thumb M-class disassembler");
  cs_option(cs_, CS_OPT_DETAIL, CS_OPT_ON);
}

BlockDecoder::~BlockDecoder() {
  if (cs_) cs_close(&cs_);
}

std::vector<uint32_t> BlockDecoder::find_divides(uint32_t addr, const uint8_t* code, size_t size) const {
  std::vector<uint32_t> out;
  size_t off = 0;
  while (off + 2 <= size) {
    cs_insn* insn = nullptr;
    size_t n = cs_disasm(cs_, code + off, size - off, addr + off, 0, &insn);
    size_t used = 0;
    for (size_t i = 0; i < n; ++i) {
      if (insn[i].id == ARM_INS_SDIV || insn[i].id == ARM_INS_UDIV) out.push_back(uint32_t(insn[i].address));
      used += insn[i].size;
    }
    if (n) cs_free(insn, n);
    off += used + 2;  // skip the undecodable halfword (data in code)
  }
  return out;
}

DecodedBlock BlockDecoder::decode(uint32_t addr, const uint8_t* code, size_t size, Read32 read32, void* ctx) const {
  DecodedBlock b;
  b.addr = addr;
  b.size = uint32_t(size);
  const TimingTable& t = table_;

  // What the previous instruction left behind, for the neighbour rules.
  NeighbourOut prev;
  bool have_prev = false;
  // Run of 32-bit instructions at halfword addresses (rules.unaligned_wide_run).
  uint32_t run = 0;
  bool leading = true;
  int32_t sp_delta = 0;
  bool sp_known = true;
  // Constant propagation inside the block (for MMIO addresses).
  uint32_t known = 0;
  uint32_t value[16] = {};

  size_t off = 0;
  while (off < size) {
    cs_insn* insn = nullptr;
    size_t n = cs_disasm(cs_, code + off, size - off, addr + off, 0, &insn);
    size_t used = 0;
    for (size_t k = 0; k < n; ++k) {
      const cs_insn& in = insn[k];
      const cs_arm& arm = in.detail->arm;
      used += in.size;
      DecodedInsn d;
      d.addr = uint32_t(in.address);
      d.size = uint8_t(in.size);
      const std::string name = cs_insn_name(cs_, in.id);
      d.cls = t.classify(name);
      const ClassTiming& ct = t.of(d.cls);

      cs_regs rr, ww;
      uint8_t nr = 0, nw = 0;
      uint32_t rmask = 0, wmask = 0;
      uint64_t frmask = 0, fwmask = 0;
      if (cs_regs_access(cs_, &in, rr, &nr, ww, &nw) == CS_ERR_OK) {
        for (int i = 0; i < nr; ++i) {
          if (uint8_t c = core_num(rr[i]); c != 0xFF) rmask |= 1u << c;
          frmask |= fp_bits(rr[i]);
        }
        for (int i = 0; i < nw; ++i) {
          if (uint8_t c = core_num(ww[i]); c != 0xFF) wmask |= 1u << c;
          fwmask |= fp_bits(ww[i]);
        }
      }
      if (frmask || fwmask || name[0] == 'v') b.uses_fp = true;
      const bool writes_pc = (wmask & (1u << 15)) || is_pc_writer_class(d.cls);
      const bool conditional =
          (arm.cc != ARM_CC_AL && arm.cc != ARM_CC_INVALID) || in.id == ARM_INS_CBZ || in.id == ARM_INS_CBNZ;

      uint32_t cost = ct.cycles;

      // Register-list instructions: 1 + N.
      uint32_t nregs = 0;
      if (d.cls == InsnClass::LoadMultiple || d.cls == InsnClass::StoreMultiple) {
        bool has_base = !(in.id == ARM_INS_PUSH || in.id == ARM_INS_POP);
        nregs = arm.op_count - (has_base ? 1 : 0);
      } else if (d.cls == InsnClass::FpMultiple) {
        for (int i = 0; i < arm.op_count; ++i)
          if (arm.operands[i].type == ARM_OP_REG) nregs += fp_units(arm.operands[i].reg);
      } else if (d.cls == InsnClass::LoadPair || d.cls == InsnClass::StorePair) {
        nregs = 2;
      }
      cost += ct.per_register * nregs;
      d.nregs = uint8_t(std::min<uint32_t>(nregs, 255));
      if (d.cls == InsnClass::FpMove && ct.pair) {
        int core_regs = 0;
        for (int i = 0; i < arm.op_count; ++i)
          if (arm.operands[i].type == ARM_OP_REG && core_num(arm.operands[i].reg) != 0xFF) ++core_regs;
        if (core_regs >= 2 || (arm.op_count == 4)) cost = ct.pair;
      }

      // Memory operand.
      uint32_t addr_regs = 0;
      uint32_t writeback_base = 0;
      for (int i = 0; i < arm.op_count; ++i) {
        const cs_arm_op& op = arm.operands[i];
        if (op.type != ARM_OP_MEM) continue;
        d.base = core_num(op.mem.base);
        d.index = op.mem.index ? core_num(op.mem.index) : 0xFF;
        d.disp = op.mem.disp;
        d.subtracted = op.subtracted;
        if (op.shift.type == ARM_SFT_LSL) d.shift = uint8_t(op.shift.value);
        d.post_index = arm.writeback && i + 1 < arm.op_count;
        if (d.post_index && arm.operands[i + 1].type == ARM_OP_IMM) {
          // post-indexed: the access uses the base as is
        }
        if (arm.writeback && d.base != 0xFF) writeback_base = 1u << d.base;
        break;
      }
      const bool is_load_like = d.cls == InsnClass::Load || d.cls == InsnClass::LoadPair || d.cls == InsnClass::FpLoad ||
                                d.cls == InsnClass::TableBranch;
      const bool is_store_like = d.cls == InsnClass::Store || d.cls == InsnClass::StorePair || d.cls == InsnClass::FpStore;
      if (d.base != 0xFF && (is_load_like || is_store_like)) d.mem = is_load_like ? DecodedInsn::Mem::Load : DecodedInsn::Mem::Store;
      if (d.cls == InsnClass::LoadMultiple || d.cls == InsnClass::StoreMultiple || d.cls == InsnClass::FpMultiple) {
        d.mem = DecodedInsn::Mem::Multiple;
        if (in.id == ARM_INS_PUSH || in.id == ARM_INS_POP || in.id == ARM_INS_VPUSH || in.id == ARM_INS_VPOP) {
          d.base = 13;
        } else if (arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG) {
          d.base = core_num(arm.operands[0].reg);
        }
        // PUSH/POP/VPUSH/VPOP update SP like a base write-back.
        if (d.base != 0xFF && (arm.writeback || d.base == 13)) writeback_base = 1u << d.base;
      }
      if (d.base != 0xFF && d.base != 15) addr_regs |= 1u << d.base;
      if (d.index != 0xFF) addr_regs |= 1u << d.index;

      NeighbourIn here;
      here.cls = d.cls;
      here.base = uint16_t(cost);
      here.pipelined = uint16_t(ct.pipelined);
      here.addr_regs = addr_regs;
      here.fp_read = frmask;
      here.valid = true;
      cost = neighbour_cycles(t, here, have_prev ? &prev : nullptr, &b.counts);
      if (b.insns.empty()) b.first = here;
      // LDR Rx,[PC,#imm] competes with the fetch unit for the code bus.
      if (d.base == 15 && (d.cls == InsnClass::Load || d.cls == InsnClass::FpLoad || d.cls == InsnClass::LoadPair)) {
        cost += t.literal_load_penalty;
        b.counts.literal += t.literal_load_penalty;
      }
      if (in.id == ARM_INS_SDIV || in.id == ARM_INS_UDIV) b.counts.divide += ct.cycles;
      // The fetch unit reads aligned words: a 32-bit instruction at a
      // halfword address spans two, and a run of them outpaces the fetch
      // buffer once it is long enough (rules.unaligned_wide_run).
      if (d.size == 4 && (d.addr & 2)) {
        if (++run == t.unaligned_wide_run_length) {
          cost += t.unaligned_wide_run_penalty;
          b.counts.fetch_alignment += t.unaligned_wide_run_penalty;
        }
        if (leading) ++b.lead_run;
      } else {
        run = 0;
        leading = false;
      }

      // Pipeline refill for anything that writes the PC.
      if (writes_pc) {
        uint32_t p = 0;
        if (conditional && d.cls == InsnClass::Branch) p = t.refill_conditional;  // B<cond>, CBZ, CBNZ
        else if (ct.refill != ClassTiming::Refill::None) p = t.refill(ct.refill);
        else if (d.cls == InsnClass::Load || d.cls == InsnClass::LoadMultiple || d.cls == InsnClass::LoadPair) p = t.refill_load_pc;
        else p = t.refill_indirect;
        b.end_refill = p;
        if (conditional) {
          b.conditional_end = true;
          b.taken_penalty = p;
          b.fallthrough = d.addr + d.size;
        } else {
          cost += p;
          b.counts.refill += p;
          b.ends_with_jump = true;
        }
      }

      if (in.id == ARM_INS_SDIV || in.id == ARM_INS_UDIV) {
        d.is_div = true;
        d.div_signed = in.id == ARM_INS_SDIV;
        if (arm.op_count >= 3) {
          d.rn = core_num(arm.operands[1].reg);
          d.rm = core_num(arm.operands[2].reg);
        } else if (arm.op_count == 2) {  // sdiv rd, rm  == rd = rd / rm
          d.rn = core_num(arm.operands[0].reg);
          d.rm = core_num(arm.operands[1].reg);
        }
        b.has_div = true;
      }
      if (in.id == ARM_INS_BKPT) {
        b.ends_with_bkpt = true;
        b.bkpt_imm = arm.op_count ? uint8_t(arm.operands[0].imm) : 0;
      } else if (k + 1 < n || off + used < size) {
        b.ends_with_bkpt = false;
      }

      // Stack depth inside the block.
      if (sp_known) {
        auto last_imm = [&]() -> int64_t {
          for (int i = arm.op_count - 1; i >= 0; --i)
            if (arm.operands[i].type == ARM_OP_IMM) return arm.operands[i].imm;
          return -1;
        };
        const bool sp_first = arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG && arm.operands[0].reg == ARM_REG_SP;
        if (in.id == ARM_INS_PUSH || in.id == ARM_INS_VPUSH ||
            ((in.id == ARM_INS_STMDB) && d.base == 13 && arm.writeback)) {
          sp_delta -= int32_t(4 * (in.id == ARM_INS_VPUSH ? nregs : nregs));
        } else if (in.id == ARM_INS_POP || in.id == ARM_INS_VPOP ||
                   ((in.id == ARM_INS_LDM) && d.base == 13 && arm.writeback)) {
          sp_delta += int32_t(4 * nregs);
        } else if ((in.id == ARM_INS_SUB || in.id == ARM_INS_SUBW) && sp_first && last_imm() >= 0 &&
                   (arm.op_count == 2 || (arm.operands[1].type == ARM_OP_REG && arm.operands[1].reg == ARM_REG_SP))) {
          sp_delta -= int32_t(last_imm());
        } else if ((in.id == ARM_INS_ADD || in.id == ARM_INS_ADDW) && sp_first && last_imm() >= 0 &&
                   (arm.op_count == 2 || (arm.operands[1].type == ARM_OP_REG && arm.operands[1].reg == ARM_REG_SP))) {
          sp_delta += int32_t(last_imm());
        } else if (d.mem != DecodedInsn::Mem::None && d.base == 13 && arm.writeback) {
          sp_delta += d.post_index ? int32_t(last_imm()) : d.disp;
        } else if (wmask & (1u << 13)) {
          sp_known = false;  // SP set from a register: the next block's sample catches it
        }
        b.sp_min_delta = std::min(b.sp_min_delta, sp_delta);
      }

      // Static effective address from in-block constants.
      if (d.base != 0xFF && d.index == 0xFF && d.mem != DecodedInsn::Mem::None) {
        if (d.base == 15) {
          d.static_ea_known = true;
          d.static_ea = ((d.addr + 4) & ~3u) + uint32_t(d.disp);
        } else if (known & (1u << d.base)) {
          d.static_ea_known = true;
          d.static_ea = value[d.base] + (d.post_index ? 0 : uint32_t(d.disp));
        }
      }
      {
        uint32_t newly = 0, nv = 0;
        const uint8_t rd = arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG ? core_num(arm.operands[0].reg) : 0xFF;
        if (rd < 15 && !conditional) {  // an IT-conditional MOV may not happen
          if ((in.id == ARM_INS_LDR) && d.base == 15 && d.static_ea_known && read32) {
            uint32_t v;
            if (read32(ctx, d.static_ea, &v)) newly = 1u << rd, nv = v;
          } else if ((in.id == ARM_INS_MOV || in.id == ARM_INS_MOVW) && arm.op_count == 2 && arm.operands[1].type == ARM_OP_IMM) {
            newly = 1u << rd, nv = uint32_t(arm.operands[1].imm);
          } else if (in.id == ARM_INS_MOVT && arm.op_count == 2 && (known & (1u << rd))) {
            newly = 1u << rd, nv = (value[rd] & 0xFFFF) | (uint32_t(arm.operands[1].imm) << 16);
          } else if ((in.id == ARM_INS_ADD || in.id == ARM_INS_ADDW || in.id == ARM_INS_SUB || in.id == ARM_INS_SUBW) &&
                     arm.op_count == 3 && arm.operands[1].type == ARM_OP_REG && arm.operands[2].type == ARM_OP_IMM) {
            uint8_t rn = core_num(arm.operands[1].reg);
            if (rn < 15 && (known & (1u << rn))) {
              int64_t imm = arm.operands[2].imm;
              newly = 1u << rd, nv = uint32_t(value[rn] + (in.id == ARM_INS_SUB || in.id == ARM_INS_SUBW ? -imm : imm));
            }
          }
        }
        known &= ~wmask;
        if (newly) {
          known |= newly;
          value[rd] = nv;
        }
      }

      d.cost = uint16_t(cost);
      b.insns.push_back(d);
      b.writes.push_back(wmask);

      have_prev = true;
      prev.cls = d.cls;
      prev.size = d.size;
      prev.writes_pc = writes_pc;
      prev.store_register_offset = d.cls == InsnClass::Store && d.index != 0xFF;
      prev.written_for_addr = wmask & ~writeback_base;
      prev.fp_written = fwmask;
    }
    if (n) cs_free(insn, n);
    off += used;
    if (off < size) {
      // Capstone could not decode this halfword: count it as one 1-cycle
      // instruction so the instruction count stays close, and go on.
      DecodedInsn d;
      d.addr = uint32_t(addr + off);
      d.size = 2;
      d.cost = 1;
      b.insns.push_back(d);
      b.writes.push_back(0xFFFF);
      have_prev = false;
      run = 0;
      leading = false;
      off += 2;
    }
  }
  b.last = prev;
  b.trail_run = run;
  b.open_end = have_prev && !prev.writes_pc ? addr + uint32_t(size) : 1;
  if (!b.insns.empty() && b.insns[0].size == 4 && (b.insns[0].addr & 2)) b.target_penalty = uint8_t(t.misaligned_target_penalty);
  b.prefix.resize(b.insns.size() + 1);
  b.prefix[0] = 0;
  for (size_t i = 0; i < b.insns.size(); ++i) b.prefix[i + 1] = b.prefix[i] + b.insns[i].cost;
  b.static_cycles = b.prefix.back();
  if (!b.insns.empty() && b.ends_with_bkpt) b.ends_with_bkpt = b.insns.back().cls == InsnClass::Exception;
  return b;
}

}  // namespace tinysim::emu
